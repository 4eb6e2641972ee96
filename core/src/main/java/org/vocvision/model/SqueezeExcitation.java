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
 * Squeeze-and-excitation (Hu et al. 2018) as torchvision's {@code ops.misc.SqueezeExcitation} with
 * MobileNetV3's {@code scale_activation=nn.Hardsigmoid}: global average pool, 1x1 conv {@code fc1} (with
 * bias), ReLU, 1x1 conv {@code fc2}, hard sigmoid, then the input scaled per channel.
 */
final class SqueezeExcitation extends AbstractBlock {

    private final Block fc1;
    private final Block fc2;

    SqueezeExcitation(int channels, int squeezeChannels) {
        fc1 = addChildBlock("fc1", Conv.of(squeezeChannels, 1, 1, 0, 1, 1, true));
        fc2 = addChildBlock("fc2", Conv.of(channels, 1, 1, 0, 1, 1, true));
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDArray s = fc1.forward(ps, new NDList(GlobalAveragePool.keepDims(x)), training).head().clip(0, Float.MAX_VALUE);
        s = HardSwish.hardSigmoid(fc2.forward(ps, new NDList(s), training).head());
        return new NDList(x.mul(s));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        Shape pooled = new Shape(x.get(0), x.get(1), 1, 1);
        fc1.initialize(manager, dataType, pooled);
        fc2.initialize(manager, dataType, fc1.getOutputShapes(new Shape[] {pooled}));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
