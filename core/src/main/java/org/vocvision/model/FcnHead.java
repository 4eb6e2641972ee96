package org.vocvision.model;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.Dropout;

/**
 * torchvision's {@code fcn.FCNHead} (Long et al. 2015 as torchvision trains it): 3x3 conv to a quarter of
 * the input channels, batch norm, ReLU, dropout 0.1, 1x1 classifier with bias; children 0 to 4. It is
 * FCN's classifier and the auxiliary classifier of DeepLabV3 and FCN.
 */
final class FcnHead {

    private FcnHead() {}

    static SequentialBlock of(int inChannels, int numClasses) {
        return new Sequential()
                .add(Conv.noBias(inChannels / 4, 3, 1, 1, 1))
                .add(ConvNormAct.batchNorm())
                .add(Activation.reluBlock())
                .add(Dropout.builder().optRate(0.1f).build())
                .add(Conv.of(numClasses, 1, 1, 0, 1, 1, true));
    }
}
