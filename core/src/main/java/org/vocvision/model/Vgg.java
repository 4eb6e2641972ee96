package org.vocvision.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;

/**
 * VGG (Simonyan and Zisserman 2015) as torchvision's {@code vgg.py}: {@code make_layers(cfg)} of 3x3
 * convs with ReLU and 2x2 max pools, adaptive average pool to 7x7, classifier
 * 4096-ReLU-dropout-4096-ReLU-dropout-classes. VGG16 (configuration "D") without batch norm has
 * 138,357,544 parameters with 1000 classes.
 */
public final class Vgg {

    /** A max pool in a configuration, torchvision's "M". */
    public static final int MAX_POOL = -1;
    /** Configuration "D" of the paper's Table 1: VGG16. */
    public static final int[] VGG16 = {64, 64, MAX_POOL, 128, 128, MAX_POOL, 256, 256, 256, MAX_POOL,
        512, 512, 512, MAX_POOL, 512, 512, 512, MAX_POOL};

    private Vgg() {}

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends PlainNetBuilder<Builder> {
        private int[] config = VGG16;

        Builder() {
            super(0.5f);
        }

        /** Conv widths and {@link #MAX_POOL}s, as torchvision's {@code cfgs}. */
        public Builder optConfig(int... config) {
            this.config = config.clone();
            return this;
        }

        public Block build() {
            checkClasses();
            SequentialBlock features = new Sequential();
            for (int v : config) {
                if (v == MAX_POOL) {
                    features.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
                } else {
                    features.add(Conv.of(v, 3, 1, 1, 1, 1, true));
                    if (batchNorm) {
                        features.add(ConvNormAct.batchNorm());
                    }
                    features.add(Activation.reluBlock());
                }
            }
            SequentialBlock classifier = new Sequential()
                    .add(Linear.builder().setUnits(hidden).build())
                    .add(Activation.reluBlock())
                    .add(Dropout.builder().optRate(dropout).build())
                    .add(Linear.builder().setUnits(hidden).build())
                    .add(Activation.reluBlock())
                    .add(Dropout.builder().optRate(dropout).build())
                    .add(Linear.builder().setUnits(numClasses).build());
            return TorchvisionInit.apply(new PlainNet(features, 7, classifier, head, numClasses, dropout),
                    TorchvisionInit.LINEAR_NORMAL); // vgg.py
        }
    }
}
