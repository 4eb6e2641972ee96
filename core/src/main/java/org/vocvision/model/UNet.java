package org.vocvision.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * A small U-Net (Ronneberger et al. 2015) trained from scratch: the baseline for users without pretrained
 * weights. Each level is two 3x3 conv-BN-ReLU; the decoder upsamples bilinearly then convolves (the
 * "bilinear" variant of milesial/Pytorch-UNet, since this engine has no transposed convolution), and
 * resizes to each skip connection's exact size, so any input size works.
 */
public final class UNet extends AbstractBlock {

    private final List<Block> down = new ArrayList<>();
    private final List<Block> up = new ArrayList<>();
    private final Block pool = Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2));
    private final Block head;
    private final int[] widths;

    /**
     * @param numClasses output channels (21 for VOC)
     * @param baseWidth channels of the first level, doubled at every level below
     * @param depth number of levels, including the bottleneck
     */
    public UNet(int numClasses, int baseWidth, int depth) {
        if (depth < 2) {
            throw new IllegalArgumentException("U-Net depth must be at least 2, got " + depth);
        }
        widths = new int[depth];
        for (int i = 0; i < depth; i++) {
            widths[i] = baseWidth << i;
            down.add(addChildBlock("down_" + i, doubleConv(widths[i])));
        }
        for (int i = depth - 2; i >= 0; i--) {
            up.add(addChildBlock("up_" + i, doubleConv(widths[i])));
        }
        head = addChildBlock("head",
                Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(numClasses).build());
    }

    private static Block doubleConv(int filters) {
        return new Sequential().add(ConvNormAct.relu(filters, 3, 1)).add(ConvNormAct.relu(filters, 3, 1));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.head();
        List<NDArray> skips = new ArrayList<>();
        for (int i = 0; i < down.size(); i++) {
            if (i > 0) {
                x = pool.forward(ps, new NDList(x), training).head();
            }
            x = down.get(i).forward(ps, new NDList(x), training).head();
            skips.add(x);
        }
        for (int j = 0; j < up.size(); j++) {
            NDArray skip = skips.get(skips.size() - 2 - j);
            NDArray upsampled = Interpolation.bilinearLike(x, skip);
            x = up.get(j).forward(ps, new NDList(NDArrays.concat(new NDList(skip, upsampled), 1)), training).head();
        }
        return head.forward(ps, new NDList(x), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        long n = x.get(0);
        long h = x.get(2);
        long w = x.get(3);
        long[][] sizes = new long[widths.length][];
        Shape in = x;
        for (int i = 0; i < down.size(); i++) {
            if (i > 0) {
                h = h / 2;
                w = w / 2;
            }
            sizes[i] = new long[] {h, w};
            down.get(i).initialize(manager, dataType, new Shape(n, in.get(1), h, w));
            in = new Shape(n, widths[i], h, w);
        }
        for (int j = 0; j < up.size(); j++) {
            int level = widths.length - 2 - j;
            long channels = widths[level] + (j == 0 ? widths[widths.length - 1] : widths[level + 1]);
            up.get(j).initialize(manager, dataType, new Shape(n, channels, sizes[level][0], sizes[level][1]));
        }
        head.initialize(manager, dataType, new Shape(n, widths[0], x.get(2), x.get(3)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        Shape logits = head.getOutputShapes(new Shape[] {new Shape(x.get(0), widths[0], x.get(2), x.get(3))})[0];
        return new Shape[] {logits};
    }
}
