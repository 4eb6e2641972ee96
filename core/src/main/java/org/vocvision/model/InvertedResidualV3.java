package org.vocvision.model;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;

/**
 * MobileNetV3's bottleneck (Howard et al. 2019, Table 1) as torchvision's {@code mobilenetv3.InvertedResidual}:
 * in {@code block}, a 1x1 expansion when the expanded width differs from the input's, the k x k depthwise
 * conv (stride 1 when dilated, as torchvision), optional {@link SqueezeExcitation} with
 * {@code _make_divisible(expanded // 4, 8)} channels, a linear 1x1 projection; ReLU or hardswish after the
 * first two; identity shortcut at stride 1 with equal widths.
 */
final class InvertedResidualV3 extends ShortcutBlock {

    /**
     * One row of {@code _mobilenet_v3_conf}, widths already scaled by {@code adjust_channels}.
     *
     * @param hardSwish the row's "HS" (else "RE")
     */
    InvertedResidualV3(int in, int kernel, int expanded, int out, boolean squeezeExcite, boolean hardSwish,
            int stride, int dilation) {
        super("block", layers(in, kernel, expanded, out, squeezeExcite, hardSwish, stride, dilation),
                stride == 1 && in == out);
    }

    private static SequentialBlock layers(int in, int kernel, int expanded, int out, boolean squeezeExcite,
            boolean hardSwish, int stride, int dilation) {
        SequentialBlock layers = new Sequential();
        if (expanded != in) {
            layers.add(MobileNetV3.convBn(expanded, 1, 1, 1, 1, activation(hardSwish)));
        }
        layers.add(MobileNetV3.convBn(expanded, kernel, dilation > 1 ? 1 : stride, dilation, expanded,
                activation(hardSwish)));
        if (squeezeExcite) {
            layers.add(new SqueezeExcitation(expanded, MobileNetV2.makeDivisible(expanded / 4, 8)));
        }
        return layers.add(MobileNetV3.convBn(out, 1, 1, 1, 1, null));
    }

    private static Block activation(boolean hardSwish) {
        return hardSwish ? HardSwish.block() : Activation.reluBlock();
    }
}
