package org.vocvision.cli;

import java.util.List;
import picocli.CommandLine.Option;

/** {@code --tta} and {@code --tta-scales}: test-time augmentation, of a training's validation and of predict's submission. */
final class TtaOptions {

    @Option(names = "--tta", description = "Horizontal-flip test-time augmentation (train: when validating; predict: for the submission).")
    boolean flip;

    @Option(names = "--tta-scales", split = ",", defaultValue = "1", paramLabel = "F",
            description = "Mixed-size test-time augmentation (train: when validating; predict: for the submission): factors"
                    + " of the input side whose probabilities are averaged (with --tta, each with its mirror), e.g."
                    + " 0.875,1,1.125 (default ${DEFAULT-VALUE}: one size).")
    List<Double> scales;

    /** --tta-scales as factors, each in [0.25, 4] as the training recipe's. */
    double[] factors() {
        for (double s : scales) {
            if (!(s >= 0.25 && s <= 4)) {
                throw new IllegalArgumentException("--tta-scales must be factors in [0.25, 4], got " + s);
            }
        }
        return scales.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
