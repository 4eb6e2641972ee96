package org.vocvision.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Atrous Spatial Pyramid Pooling (Chen et al. 2017, "Rethinking Atrous Convolution"), as torchvision's
 * {@code deeplabv3.ASPP}: a 1x1 branch, three 3x3 atrous branches, an image-pooling branch, concatenated
 * and projected to {@code channels} with dropout 0.5.
 *
 * <p>{@link #torchvision} names the parameters as torchvision does ({@code convs.0} ... {@code convs.4}, the
 * pooling branch {@code convs.4} with its pool at index 0, {@code project.0/1}), so torchvision's DeepLabV3
 * weights load; DeepLabV3+ keeps its own names ({@code convs_0}, {@code pooling}, {@code project.0.0}).
 */
public final class Aspp extends AbstractBlock {

    private final Block[] branches;
    private final Block pooling;
    private final Block project;
    private final int channels;
    private final boolean poolInside;

    /**
     * @param channels output channels of every branch and of the projection (256 in the paper)
     * @param rates the three atrous rates: 6/12/18 at output stride 16, 12/24/36 at 8
     */
    public Aspp(int channels, int... rates) {
        this(false, channels, rates);
    }

    /** torchvision's {@code deeplabv3.ASPP(in_channels, atrous_rates, out_channels)} with its parameter names. */
    static Aspp torchvision(int channels, int... rates) {
        return new Aspp(true, channels, rates);
    }

    private Aspp(boolean torchvisionNames, int channels, int... rates) {
        if (rates.length != 3) {
            throw new IllegalArgumentException("ASPP takes three atrous rates, got " + rates.length);
        }
        this.channels = channels;
        this.poolInside = torchvisionNames;
        String convs = torchvisionNames ? "convs." : "convs_";
        branches = new Block[4];
        branches[0] = addChildBlock(convs + 0, ConvNormAct.relu(channels, 1, 1));
        for (int i = 0; i < 3; i++) {
            branches[i + 1] = addChildBlock(convs + (i + 1), ConvNormAct.relu(channels, 3, rates[i]));
        }
        Block dropout = Dropout.builder().optRate(0.5f).build();
        if (torchvisionNames) {
            // ASPPPooling(nn.Sequential): AdaptiveAvgPool2d(1), conv, BN, ReLU
            pooling = addChildBlock(convs + 4, new Sequential()
                    .add(LambdaBlock.singleton(GlobalAveragePool::keepDims, "avgpool"))
                    .addAll(ConvNormAct.relu(channels, 1, 1).getChildren().values()));
            project = addChildBlock("project", ConvNormAct.relu(channels, 1, 1).add(dropout));
        } else {
            pooling = addChildBlock("pooling", ConvNormAct.relu(channels, 1, 1));
            project = addChildBlock("project", new Sequential().add(ConvNormAct.relu(channels, 1, 1)).add(dropout));
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDList outs = new NDList(5);
        for (Block branch : branches) {
            outs.add(branch.forward(ps, new NDList(x), training).head());
        }
        NDArray pooled = poolInside ? x : GlobalAveragePool.keepDims(x);
        outs.add(Interpolation.bilinearLike(pooling.forward(ps, new NDList(pooled), training).head(), x));
        return project.forward(ps, new NDList(NDArrays.concat(outs, 1)), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        for (Block branch : branches) {
            branch.initialize(manager, dataType, x);
        }
        pooling.initialize(manager, dataType, poolInside ? x : new Shape(x.get(0), x.get(1), 1, 1));
        project.initialize(manager, dataType, new Shape(x.get(0), 5L * channels, x.get(2), x.get(3)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {new Shape(x.get(0), channels, x.get(2), x.get(3))};
    }
}
