package org.vocvision.model;

import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;

/**
 * ReLU6 as one clamp kernel, {@code min(max(x, 0), 6)} (MobileNetV2, Sandler et al. 2018). DJL's own
 * {@code Activation.relu6} runs relu then minimum: two kernels and one more live intermediate per call.
 */
final class Relu6 {

    private Relu6() {}

    static Block block() {
        return LambdaBlock.singleton(x -> x.clip(0, 6), "relu6");
    }
}
