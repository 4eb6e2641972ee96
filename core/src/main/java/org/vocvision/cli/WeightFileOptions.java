package org.vocvision.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.vocvision.train.TrainedModel;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --weights FILE}, the architecture options and {@code --input-size}: a registered model from a weight file alone. */
final class WeightFileOptions {

    @Option(names = "--weights", paramLabel = "FILE",
            description = "The weights of --model: .pth/.pt/.bin or .safetensors, every tensor fitting.")
    Path weights;

    @Mixin ModelOptionsMixin architecture;

    @Option(names = "--input-size", paramLabel = "PX",
            description = "With --model: the side it predicts at (default: the model's, e.g. 224, or 520 for torchvision's segmenters).")
    Integer inputSize;

    /** The registered {@code model} with these weights. */
    TrainedModel load(String model) throws IOException {
        return TrainedModel.fromWeights(model, architecture.toOptions(), weights, inputSize);
    }
}
