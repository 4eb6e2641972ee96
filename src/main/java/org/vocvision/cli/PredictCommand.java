package org.vocvision.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vocvision.data.Dataset;
import org.vocvision.data.Datasets;
import org.vocvision.predict.RunPrediction;
import org.vocvision.predict.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vocvision predict}: a submission from trained runs. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predict a split with a classification run (and optionally a segmentation run) and write"
                + " submission.csv, with predictions.csv (class probabilities) beside it.",
        footer = {"", "Example:", "  vocvision predict --run runs/mnv2 --seg-run runs/deeplab --data competition --split test"
                + " --out submission.csv --tta"})
final class PredictCommand implements Callable<Integer> {

    @Spec CommandSpec spec;
    @Option(names = "--run", required = true, description = "classification run directory") Path run;
    @Option(names = "--seg-run", description = "segmentation run directory (segmentation rows stay empty without)") Path segRun;
    @Option(names = "--data", required = true, description = "data set directory") Path data;
    @Option(names = "--split", defaultValue = "test", description = "split to predict (default ${DEFAULT-VALUE})") String split;
    @Option(names = "--out", defaultValue = "submission.csv", description = "submission file (default ${DEFAULT-VALUE})") Path out;
    @Option(names = "--tta", description = "horizontal-flip test-time augmentation") boolean tta;

    @Override
    public Integer call() throws IOException {
        Dataset dataset = Datasets.open(data, null);
        try (TrainedModel classifier = TrainedModel.load(run);
                TrainedModel segmenter = segRun == null ? null : TrainedModel.load(segRun)) {
            RunPrediction.Result result = RunPrediction.write(classifier, segmenter, dataset, split, out, tta);
            spec.commandLine().getOut().printf("wrote %s and %s (%d images)%n", result.submission(),
                    result.predictions(), result.images());
        }
        return 0;
    }
}
