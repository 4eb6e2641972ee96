package org.vocvision.model;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;

/**
 * torchvision's {@code deeplabv3.DeepLabHead}: {@link Aspp} with rates 12/24/36 (Chen et al. 2017 at output
 * stride 8; torchvision keeps them for its OS-16 MobileNetV3 too), a 3x3 conv, batch norm, ReLU and a 1x1
 * classifier with bias; children 0 to 4 as in the {@code nn.Sequential}.
 */
final class DeepLabHead {

    /** torchvision's ASPP and head width. */
    static final int CHANNELS = 256;

    private DeepLabHead() {}

    /** @param channels ASPP and head width: 256 in torchvision (smaller only for test models) */
    static SequentialBlock of(int numClasses, int channels) {
        return new Sequential()
                .add(Aspp.torchvision(channels, 12, 24, 36))
                .add(Conv.noBias(channels, 3, 1, 1, 1))
                .add(ConvNormAct.batchNorm())
                .add(Activation.reluBlock())
                .add(Conv.of(numClasses, 1, 1, 0, 1, 1, true));
    }
}
