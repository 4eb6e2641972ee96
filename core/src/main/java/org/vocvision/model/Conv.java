package org.vocvision.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/** A square {@code nn.Conv2d} with torch's arguments, so builders read like the torchvision code they follow. */
final class Conv {

    private Conv() {}

    static Conv2d of(int filters, int kernel, int stride, int padding, int dilation, int groups, boolean bias) {
        return Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .setFilters(filters)
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optDilation(new Shape(dilation, dilation))
                .optGroups(groups)
                .optBias(bias)
                .build();
    }

    /** Bias-free conv with "same" padding for odd kernels, as every conv followed by batch norm. */
    static Conv2d noBias(int filters, int kernel, int stride, int dilation, int groups) {
        return of(filters, kernel, stride, dilation * (kernel - 1) / 2, dilation, groups, false);
    }
}
