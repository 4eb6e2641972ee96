package org.vocvision.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;

/** Conv (no bias) -> BatchNorm -> ReLU, "same" padding for any dilation: torchvision's Conv2dNormActivation. */
final class ConvNormAct {

    private ConvNormAct() {}

    /** BatchNorm with torch's defaults (eps 1e-5, momentum 0.1) that a frozen backbone can hold in eval mode. */
    static Block batchNorm() {
        return new BatchNorm2d(1e-5f, 0.1f);
    }

    /** BatchNorm with torch's {@code eps} and {@code momentum} (MobileNetV3: 0.001 and 0.01). */
    static Block batchNorm(float eps, float torchMomentum) {
        return new BatchNorm2d(eps, torchMomentum);
    }

    static SequentialBlock relu(int filters, int kernel, int dilation) {
        int pad = dilation * (kernel - 1) / 2;
        return new Sequential()
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
