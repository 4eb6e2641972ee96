package org.vocvision.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vocvision.data.Dataset;
import org.vocvision.submit.RunPrediction;
import org.vocvision.train.TrainedModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vocvision predict}: submission.csv and predictions.csv from trained runs. */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description = "Predicts a split with a trained classifier (its tuned thresholds) and, if given, a trained"
                + " segmenter (masks at each image's own size), and writes the competition's submission.csv"
                + " (--out) and predictions.csv (id + 20 probabilities) beside it. --split val (or heldout) predicts"
                + " the images the classification run held out for validation.",
        footer = {"", "Example:", "  vocvision predict --run runs/mnv2 --seg-run runs/deeplab --data data/competition \\",
            "      --split test --out runs/mnv2/submission.csv --tta"})
final class PredictCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "The classification run.")
    Path run;

    @Option(names = "--seg-run", paramLabel = "DIR", description = "The segmentation run (default: segmentation rows stay empty).")
    Path segRun;

    @CommandLine.Mixin DataOptions data;

    @Option(names = "--split", defaultValue = "test", paramLabel = "NAME", description = "Split to predict (default ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "submission.csv to write.")
    Path out;

    @Option(names = "--tta", description = "Horizontal-flip test-time augmentation.")
    boolean tta;

    @Option(names = "--force", description = "Overwrite an existing --out and its predictions.csv.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        for (Path file : List.of(out, out.toAbsolutePath().resolveSibling(RunPrediction.PREDICTIONS))) {
            if (!force && Files.exists(file)) {
                throw new IllegalArgumentException(file + " exists; give another --out, or --force to overwrite it");
            }
        }
        try (TrainedModel classifier = TrainedModel.load(run);
                TrainedModel segmenter = segRun == null ? null : TrainedModel.load(segRun)) {
            Dataset dataset = classifier.withHeldOut(data.open());
            RunPrediction.Result result = RunPrediction.write(classifier, segmenter, dataset, split, out, tta);
            PrintWriter w = spec.commandLine().getOut();
            w.printf("wrote %s and %s (%d images)%n", result.submission(), result.predictions(), result.images());
            w.flush();
        }
        return 0;
    }
}
