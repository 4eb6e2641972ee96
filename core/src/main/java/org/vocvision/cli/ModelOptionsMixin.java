package org.vocvision.cli;

import org.vocvision.model.HeadKind;
import org.vocvision.model.ModelOptions;
import picocli.CommandLine.Option;

/** The architecture options of {@link ModelOptions}, shared by every command that builds a model. */
final class ModelOptionsMixin {

    @Option(names = "--num-classes", description = "outputs (default: 20 classification, 21 segmentation)")
    Integer numClasses;

    @Option(names = "--width", defaultValue = "1.0", description = "width multiplier of MobileNetV2/V3 and ConvNeXt; U-Net's base width when above 1 (default: ${DEFAULT-VALUE})")
    float width;

    @Option(names = "--dropout", description = "classifier dropout (default: the architecture's)")
    Float dropout;

    @Option(names = "--batch-norm", description = "batch norm after every conv of alexnet/vgg16")
    boolean batchNorm;

    @Option(names = "--head", description = "STANDARD (the ImageNet head), POOLED (default), DENSE (alexnet/vgg16)")
    HeadKind head;

    @Option(names = "--output-stride", defaultValue = "16", description = "segmentation output stride, 8 or 16")
    int outputStride;

    @Option(names = "--backbone", defaultValue = "mobilenet_v2", description = "DeepLabV3+ encoder (default: ${DEFAULT-VALUE})")
    String backbone;

    ModelOptions toOptions() {
        return new ModelOptions(numClasses, width, dropout, batchNorm, head, outputStride, backbone);
    }
}
