package org.vocvision.model;

import ai.djl.nn.SequentialBlock;

/**
 * MobileNetV2's inverted residual (Sandler et al. 2018, Table 1), as torchvision's
 * {@code mobilenetv2.InvertedResidual}: optional 1x1 expansion, 3x3 depthwise (stride, dilation), 1x1
 * linear projection, all in {@code conv}; identity shortcut when stride is 1 and channels are kept.
 */
final class InvertedResidual extends ShortcutBlock {

    InvertedResidual(int in, int out, int stride, int dilation, int expandRatio) {
        super("conv", layers(in, out, stride, dilation, expandRatio), stride == 1 && in == out);
    }

    private static SequentialBlock layers(int in, int out, int stride, int dilation, int expandRatio) {
        int hidden = Math.round((float) in * expandRatio);
        SequentialBlock layers = new Sequential();
        if (expandRatio != 1) {
            layers.add(convBnRelu6(hidden, 1, 1, 1, 1));
        }
        return layers.add(convBnRelu6(hidden, 3, stride, dilation, hidden))
                .add(Conv.noBias(out, 1, 1, 1, 1))
                .add(ConvNormAct.batchNorm());
    }

    /** torchvision's {@code Conv2dNormActivation(..., activation_layer=nn.ReLU6)}: children 0, 1, 2. */
    static SequentialBlock convBnRelu6(int filters, int kernel, int stride, int dilation, int groups) {
        return new Sequential()
                .add(Conv.noBias(filters, kernel, stride, dilation, groups))
                .add(ConvNormAct.batchNorm())
                .add(Relu6.block());
    }
}
