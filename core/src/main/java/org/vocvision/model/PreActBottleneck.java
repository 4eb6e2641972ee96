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
 * Pre-activation bottleneck (He et al. 2016, "Identity Mappings in Deep Residual Networks") as timm's
 * {@code resnetv2.PreActBottleneck} with batch norm: norm1+ReLU, then conv1 (1x1), norm2+ReLU, conv2
 * (3x3, stride), norm3+ReLU, conv3 (1x1); the projection shortcut ({@code downsample.conv}, no norm)
 * takes the pre-activated input (its 1x1 conv carries the stride), the identity shortcut the raw
 * input. No ReLU after the sum.
 */
final class PreActBottleneck extends AbstractBlock {

    private final Block norm1;
    private final Block conv1;
    private final Block norm2;
    private final Block conv2;
    private final Block norm3;
    private final Block conv3;
    private final Block downsample;

    PreActBottleneck(int out, int stride, boolean project) {
        int mid = MobileNetV2.makeDivisible(out * 0.25f, 8);
        downsample = project
                ? addChildBlock("downsample", new NamedSequential().add("conv", Conv.noBias(out, 1, stride, 1, 1)))
                : null;
        norm1 = addChildBlock("norm1", ConvNormAct.batchNorm());
        conv1 = addChildBlock("conv1", Conv.noBias(mid, 1, 1, 1, 1));
        norm2 = addChildBlock("norm2", ConvNormAct.batchNorm());
        conv2 = addChildBlock("conv2", Conv.noBias(mid, 3, stride, 1, 1));
        norm3 = addChildBlock("norm3", ConvNormAct.batchNorm());
        conv3 = addChildBlock("conv3", Conv.noBias(out, 1, 1, 1, 1));
    }

    private static NDArray run(Block b, ParameterStore ps, NDArray x, boolean training) {
        return b.forward(ps, new NDList(x), training).head();
    }

    /** timm's BatchNormAct2d: batch norm then ReLU. */
    private static NDArray normAct(Block norm, ParameterStore ps, NDArray x, boolean training) {
        return run(norm, ps, x, training).clip(0, Float.MAX_VALUE);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDArray preact = normAct(norm1, ps, x, training);
        NDArray shortcut = downsample == null ? x : run(downsample, ps, preact, training);
        NDArray y = run(conv1, ps, preact, training);
        y = run(conv2, ps, normAct(norm2, ps, y, training), training);
        y = run(conv3, ps, normAct(norm3, ps, y, training), training);
        return new NDList(y.add(shortcut));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] s = inputShapes;
        norm1.initialize(manager, dataType, s);
        if (downsample != null) {
            downsample.initialize(manager, dataType, s);
        }
        for (Block[] pair : new Block[][] {{conv1, norm2}, {conv2, norm3}}) {
            pair[0].initialize(manager, dataType, s);
            s = pair[0].getOutputShapes(s);
            pair[1].initialize(manager, dataType, s);
        }
        conv3.initialize(manager, dataType, s);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv3.getOutputShapes(conv2.getOutputShapes(conv1.getOutputShapes(inputShapes)));
    }
}
