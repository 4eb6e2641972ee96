package org.vocvision.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.initializer.XavierInitializer.FactorType;
import ai.djl.training.initializer.XavierInitializer.RandomType;

/**
 * torchvision's initialisation of a fresh network, the loop its MobileNet, ResNet and VGG constructors end with
 * ({@code for m in self.modules(): if isinstance(m, nn.Conv2d): kaiming_normal_(m.weight, mode="fan_out") ...}).
 * DJL's default for every weight is kaiming-normal fan-in, which gives a depthwise 3x3 conv weights
 * sqrt(channels) times larger than torch's; under Adam those layers then learn that much slower. Measured with
 * {@code bench/recipes/compare.py --init djl}: MobileNetV2-0.5 from scratch, 12 epochs, val mAP 0.364 with DJL's
 * default against 0.446 with torchvision's (four seeds, each seed lower). Norm layers keep 1 and 0, biases 0.
 */
final class TorchvisionInit {

    /** {@code kaiming_normal_(w, mode="fan_out", nonlinearity="relu")}: N(0, 2 / (out channels x kernel area)). */
    static final Initializer CONV_FAN_OUT = new XavierInitializer(RandomType.GAUSSIAN, FactorType.OUT, 2);
    /** {@code normal_(w, 0, 0.01)}: the linears of MobileNetV2/V3 and VGG. */
    static final Initializer LINEAR_NORMAL = new NormalInitializer(0.01f);
    /**
     * {@code nn.Linear}'s own {@code kaiming_uniform_(w, a=sqrt(5))}, U(-1/sqrt(fan in), 1/sqrt(fan in)): ResNet's
     * fc, which torchvision's loop leaves alone (its bias stays 0 here, where torch draws it from the same range).
     */
    static final Initializer LINEAR_TORCH_DEFAULT = new XavierInitializer(RandomType.UNIFORM, FactorType.IN, 1);

    private TorchvisionInit() {}

    /** Sets every conv's weights to {@link #CONV_FAN_OUT} and every linear's to {@code linear}; returns the network. */
    static <B extends Block> B apply(B network, Initializer linear) {
        if (network instanceof Conv2d) {
            network.setInitializer(CONV_FAN_OUT, Parameter.Type.WEIGHT);
        } else if (network instanceof Linear) {
            network.setInitializer(linear, Parameter.Type.WEIGHT);
        }
        for (Block child : network.getChildren().values()) {
            apply(child, linear);
        }
        return network;
    }
}
