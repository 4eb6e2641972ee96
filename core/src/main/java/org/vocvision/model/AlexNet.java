package org.vocvision.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;

/**
 * AlexNet as torchvision's {@code alexnet.py} (the single-GPU "one weird trick" variant, Krizhevsky 2014):
 * convs 64-192-384-256-256 with ReLU and 3x3/2 max pools, adaptive average pool to 6x6, classifier
 * dropout-4096-dropout-4096-classes. 61,100,840 parameters with 1000 classes.
 */
public final class AlexNet {

    /** The seed notebook's input size; the adaptive pool makes any size from 63 px up work. */
    public static final int DEFAULT_INPUT_SIZE = 150;

    private AlexNet() {}

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends PlainNetBuilder<Builder> {
        private int[] widths = {64, 192, 384, 256, 256};

        Builder() {
            super(0.5f);
        }

        /** The five conv widths (64, 192, 384, 256, 256); for reduced test models. */
        public Builder optWidths(int... widths) {
            if (widths.length != 5) {
                throw new IllegalArgumentException("AlexNet has 5 convs, got " + widths.length + " widths");
            }
            this.widths = widths.clone();
            return this;
        }

        public Block build() {
            checkClasses();
            SequentialBlock features = new Sequential();
            conv(features, widths[0], 11, 4, 2);
            features.add(maxPool());
            conv(features, widths[1], 5, 1, 2);
            features.add(maxPool());
            conv(features, widths[2], 3, 1, 1);
            conv(features, widths[3], 3, 1, 1);
            conv(features, widths[4], 3, 1, 1);
            features.add(maxPool());
            SequentialBlock classifier = new Sequential()
                    .add(Dropout.builder().optRate(dropout).build())
                    .add(Linear.builder().setUnits(hidden).build())
                    .add(Activation.reluBlock())
                    .add(Dropout.builder().optRate(dropout).build())
                    .add(Linear.builder().setUnits(hidden).build())
                    .add(Activation.reluBlock())
                    .add(Linear.builder().setUnits(numClasses).build());
            return new PlainNet(features, 6, classifier, head, numClasses, dropout);
        }

        private void conv(SequentialBlock features, int filters, int kernel, int stride, int padding) {
            features.add(Conv.of(filters, kernel, stride, padding, 1, 1, true));
            if (batchNorm) {
                features.add(ConvNormAct.batchNorm());
            }
            features.add(Activation.reluBlock());
        }

        private static Block maxPool() {
            return Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2));
        }
    }
}
