package org.vocvision.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/** Conv (no bias) -> BatchNorm -> ReLU, "same" padding for any dilation: torchvision's Conv2dNormActivation. */
final class ConvNormAct {

    private ConvNormAct() {}

    /** BatchNorm as torch's defaults: eps 1e-5, momentum 0.1 (DJL counts momentum the other way: 0.9). */
    static Block batchNorm() {
        return batchNorm(1e-5f, 0.1f);
    }

    /** BatchNorm with torch's {@code eps} and {@code momentum} (MobileNetV3: 0.001 and 0.01). */
    static Block batchNorm(float eps, float torchMomentum) {
        return BatchNorm.builder().optEpsilon(eps).optMomentum(1 - torchMomentum).build();
    }

    static SequentialBlock relu(int filters, int kernel, int dilation) {
        int pad = dilation * (kernel - 1) / 2;
        return new SequentialBlock()
                .add(Conv2d.builder()
                        .setKernelShape(new Shape(kernel, kernel))
                        .setFilters(filters)
                        .optPadding(new Shape(pad, pad))
                        .optDilation(new Shape(dilation, dilation))
                        .optBias(false)
                        .build())
                .add(batchNorm())
                .add(Activation.reluBlock());
    }
}
