package org.vocvision.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * MobileNetV2's inverted residual (Sandler et al. 2018, Table 1), as torchvision's
 * {@code mobilenetv2.InvertedResidual}: optional 1x1 expansion, 3x3 depthwise (stride, dilation), 1x1
 * linear projection, all in {@code conv}; identity shortcut when stride is 1 and channels are kept.
 */
final class InvertedResidual extends AbstractBlock {

    private final Block conv;
    private final boolean residual;

    InvertedResidual(int in, int out, int stride, int dilation, int expandRatio) {
        int hidden = Math.round((float) in * expandRatio);
        residual = stride == 1 && in == out;
        SequentialBlock layers = new Sequential();
        if (expandRatio != 1) {
            layers.add(convBnRelu6(hidden, 1, 1, 1, 1));
        }
        layers.add(convBnRelu6(hidden, 3, stride, dilation, hidden))
                .add(Conv.noBias(out, 1, 1, 1, 1))
                .add(ConvNormAct.batchNorm());
        conv = addChildBlock("conv", layers);
    }

    /** torchvision's {@code Conv2dNormActivation(..., activation_layer=nn.ReLU6)}: children 0, 1, 2. */
    static SequentialBlock convBnRelu6(int filters, int kernel, int stride, int dilation, int groups) {
        return new Sequential()
                .add(Conv.noBias(filters, kernel, stride, dilation, groups))
                .add(ConvNormAct.batchNorm())
                .add(Relu6.block());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray y = conv.forward(ps, inputs, training).head();
        return new NDList(residual ? y.add(inputs.head()) : y);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv.getOutputShapes(inputShapes);
    }
}
