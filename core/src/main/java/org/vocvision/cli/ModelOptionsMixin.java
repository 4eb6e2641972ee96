package org.vocvision.cli;

import org.vocvision.model.HeadKind;
import org.vocvision.model.ModelOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The architecture options of {@link ModelOptions}, each declared once: a command that builds any registered model
 * takes them all, a training the groups of its task ({@link Width}, {@link ClassifierHead}, {@link Encoder}).
 */
final class ModelOptionsMixin {

    @Option(names = "--num-classes", paramLabel = "N", description = "Outputs (default: 20 classification, 21 segmentation).")
    Integer numClasses;

    @Mixin Width width;

    @Mixin ClassifierHead classifierHead;

    @Mixin Encoder encoder;

    ModelOptions toOptions() {
        return new ModelOptions(numClasses, width.value, classifierHead.dropout, classifierHead.batchNorm,
                classifierHead.head, encoder.outputStride, encoder.backbone);
    }

    /** {@code --width}: the width multiplier of every architecture that has one. */
    static final class Width {
        @Option(names = "--width", defaultValue = "1.0", paramLabel = "W",
                description = "Width multiplier of MobileNetV2/V3 and ConvNeXt (reduced models); U-Net's base width when"
                        + " above 1 (default ${DEFAULT-VALUE}).")
        float value;
    }

    /** A classifier's head: {@code --dropout}, {@code --head}, {@code --batch-norm}. */
    static final class ClassifierHead {
        @Option(names = "--dropout", paramLabel = "P", description = "Classifier dropout (default: the architecture's).")
        Float dropout;

        @Option(names = "--head", paramLabel = "POOLED|DENSE|STANDARD",
                description = "POOLED: global pool, dropout, linear (default); DENSE: the course notebook's flatten, dense 512,"
                        + " dropout (alexnet/vgg16); STANDARD: the architecture's own ImageNet head.")
        HeadKind head;

        @Option(names = "--batch-norm", description = "Batch norm after every conv of alexnet/vgg16.")
        boolean batchNorm;
    }

    /** A DeepLabV3+ segmenter's encoder: {@code --backbone} and {@code --output-stride}. */
    static final class Encoder {
        @Option(names = "--backbone", defaultValue = "mobilenet_v2", paramLabel = "NAME", completionCandidates = ModelNames.Encoders.class,
                description = "DeepLabV3+ encoder: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
        String backbone;

        @Option(names = "--output-stride", defaultValue = "16", paramLabel = "16|8",
                description = "Segmentation output stride (default ${DEFAULT-VALUE}).")
        int outputStride;
    }
}
