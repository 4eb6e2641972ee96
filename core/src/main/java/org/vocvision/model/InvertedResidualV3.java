package org.vocvision.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * MobileNetV3's bottleneck (Howard et al. 2019, Table 1) as torchvision's {@code mobilenetv3.InvertedResidual}:
 * in {@code block}, a 1x1 expansion when the expanded width differs from the input's, the k x k depthwise
 * conv (stride 1 when dilated, as torchvision), optional {@link SqueezeExcitation} with
 * {@code _make_divisible(expanded // 4, 8)} channels, a linear 1x1 projection; ReLU or hardswish after the
 * first two; identity shortcut at stride 1 with equal widths.
 */
final class InvertedResidualV3 extends AbstractBlock {

    private final Block block;
    private final boolean residual;

    /**
     * One row of {@code _mobilenet_v3_conf}, widths already scaled by {@code adjust_channels}.
     *
     * @param hardSwish the row's "HS" (else "RE")
     */
    InvertedResidualV3(int in, int kernel, int expanded, int out, boolean squeezeExcite, boolean hardSwish,
            int stride, int dilation) {
        residual = stride == 1 && in == out;
        SequentialBlock layers = new Sequential();
        if (expanded != in) {
            layers.add(MobileNetV3.convBn(expanded, 1, 1, 1, 1, activation(hardSwish)));
        }
        layers.add(MobileNetV3.convBn(expanded, kernel, dilation > 1 ? 1 : stride, dilation, expanded,
                activation(hardSwish)));
        if (squeezeExcite) {
            layers.add(new SqueezeExcitation(expanded, MobileNetV2.makeDivisible(expanded / 4, 8)));
        }
        layers.add(MobileNetV3.convBn(out, 1, 1, 1, 1, null));
        block = addChildBlock("block", layers);
    }

    private static Block activation(boolean hardSwish) {
        return hardSwish ? HardSwish.block() : Activation.reluBlock();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray y = block.forward(ps, inputs, training).head();
        return new NDList(residual ? y.add(inputs.head()) : y);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        block.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return block.getOutputShapes(inputShapes);
    }
}
