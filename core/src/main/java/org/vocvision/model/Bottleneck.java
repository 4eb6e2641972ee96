package org.vocvision.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * ResNet v1.5 bottleneck as torchvision's {@code resnet.Bottleneck}: 1x1 reduce, 3x3 carrying the
 * stride and dilation (the "v1.5" placement), 1x1 expand by 4; each conv then batch norm; ReLU after
 * the first two and after the sum with the (projected) shortcut, whose 1x1 conv carries the stride.
 */
final class Bottleneck extends AbstractBlock {

    static final int EXPANSION = 4;

    private final Block conv1;
    private final Block bn1;
    private final Block conv2;
    private final Block bn2;
    private final Block conv3;
    private final Block bn3;
    private final Block downsample;

    /**
     * @param width channels of the 3x3 conv: {@code planes * widthPerGroup / 64} in torchvision
     * @param project whether the shortcut needs the 1x1 projection ({@code downsample.0/1})
     */
    Bottleneck(int width, int planes, int stride, int dilation, boolean project) {
        conv1 = addChildBlock("conv1", Conv.noBias(width, 1, 1, 1, 1));
        bn1 = addChildBlock("bn1", ConvNormAct.batchNorm());
        conv2 = addChildBlock("conv2", Conv.noBias(width, 3, stride, dilation, 1));
        bn2 = addChildBlock("bn2", ConvNormAct.batchNorm());
        conv3 = addChildBlock("conv3", Conv.noBias(planes * EXPANSION, 1, 1, 1, 1));
        bn3 = addChildBlock("bn3", ConvNormAct.batchNorm());
        downsample = project
                ? addChildBlock("downsample", new Sequential()
                        .add(Conv.noBias(planes * EXPANSION, 1, stride, 1, 1))
                        .add(ConvNormAct.batchNorm()))
                : null;
    }

    private static NDArray run(Block b, ParameterStore ps, NDArray x, boolean training) {
        return b.forward(ps, new NDList(x), training).head();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDArray y = run(bn1, ps, run(conv1, ps, x, training), training).clip(0, Float.MAX_VALUE);
        y = run(bn2, ps, run(conv2, ps, y, training), training).clip(0, Float.MAX_VALUE);
        y = run(bn3, ps, run(conv3, ps, y, training), training);
        NDArray shortcut = downsample == null ? x : run(downsample, ps, x, training);
        return new NDList(y.add(shortcut).clip(0, Float.MAX_VALUE));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] s = inputShapes;
        for (Block b : new Block[] {conv1, bn1, conv2, bn2, conv3, bn3}) {
            b.initialize(manager, dataType, s);
            s = b.getOutputShapes(s);
        }
        if (downsample != null) {
            downsample.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] s = inputShapes;
        for (Block b : new Block[] {conv1, conv2, conv3}) {
            s = b.getOutputShapes(s);
        }
        return s;
    }
}
