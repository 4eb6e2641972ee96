package org.vocvision.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.vocvision.train.TrainedModel;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --model NAME --weights FILE}, the architecture options and {@code --input-size}: a registered model from a
 * weight file alone, in the place of a trained run.
 */
final class WeightFileOptions {

    @Option(names = "--model", paramLabel = "NAME", completionCandidates = ModelNames.All.class,
            description = "Instead of a run: a registered model (${COMPLETION-CANDIDATES}) with --weights, e.g."
                    + " deeplabv3_resnet50 with its VOC-category weights; it is the classifier or the segmenter by its task.")
    String model;

    @Option(names = "--weights", paramLabel = "FILE",
            description = "The weights of --model: .pth/.pt/.bin or .safetensors, every tensor fitting.")
    Path weights;

    @Mixin ModelOptionsMixin architecture;

    @Option(names = "--input-size", paramLabel = "PX",
            description = "With --model: the side it predicts at (default: the model's, e.g. 224, or 520 for torchvision's segmenters).")
    Integer inputSize;

    /** Whether a --model was given (with its --weights: the two go together). */
    boolean given() {
        if ((model == null) != (weights == null)) {
            throw new IllegalArgumentException("--model and --weights go together");
        }
        return model != null;
    }

    /** The registered --model with these weights. */
    TrainedModel load() throws IOException {
        return TrainedModel.fromWeights(model, architecture.toOptions(), weights, inputSize);
    }
}
