package org.vocvision.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vocvision.data.Dataset;
import org.vocvision.submit.RunPrediction;
import org.vocvision.task.Task;
import org.vocvision.train.TrainedModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vocvision predict}: submission.csv, predictions.csv and masks from trained runs or weight files. */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        description = "Predicts a split with a trained classifier (its tuned thresholds) and, if given, a trained"
                + " segmenter (masks at each image's own size), and writes the competition's submission.csv"
                + " (--out), predictions.csv (id + 20 probabilities) and the masks as palette PNGs beside it."
                + " --split val (or heldout) predicts the images the classification run held out for validation."
                + " Instead of a run, --model with --weights predicts with a weight file alone, e.g. torchvision's"
                + " VOC-category segmenters: then an image's labels are the classes covering at least 0.5%% of its mask.",
        footer = {"", "Examples:", "  vocvision predict --run runs/mnv2 --seg-run runs/deeplab --data data/competition \\",
            "      --split test --out runs/mnv2/submission.csv --tta",
            "  vocvision predict --model deeplabv3_resnet50 --weights deeplabv3_resnet50_coco-cd0a2569.pth \\",
            "      --data data/competition --out runs/tv/submission.csv"})
final class PredictCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--run", paramLabel = "DIR", description = "A trained run (classification, or segmentation alone).")
    Path run;

    @CommandLine.Mixin WeightFileOptions weightFile;

    @Option(names = "--seg-run", paramLabel = "DIR", description = "The segmentation run (default: segmentation rows stay empty).")
    Path segRun;

    @CommandLine.Mixin DataOptions data;

    @Option(names = "--split", defaultValue = "test", paramLabel = "NAME", description = "Split to predict (default ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "submission.csv to write.")
    Path out;

    @Option(names = "--masks", paramLabel = "DIR",
            description = "Where the predicted masks go as <id>.png (default: masks/ beside --out, with a segmenter).")
    Path masks;

    @CommandLine.Mixin TtaOptions tta;

    @Option(names = "--force", description = "Overwrite an existing --out, its predictions.csv and masks.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        if ((run == null) == !weightFile.given()) {
            throw new IllegalArgumentException("give either --run DIR or --model NAME with --weights FILE");
        }
        for (Path file : List.of(out, out.toAbsolutePath().resolveSibling(RunPrediction.PREDICTIONS))) {
            if (!force && Files.exists(file)) {
                throw new IllegalArgumentException(file + " exists; give another --out, or --force to overwrite it");
            }
        }
        try (TrainedModel first = run != null ? TrainedModel.load(run) : weightFile.load();
                TrainedModel segmentation = segRun == null ? null : TrainedModel.load(segRun)) {
            boolean classifies = first.task() == Task.CLASSIFICATION;
            if (!classifies && segmentation != null) {
                throw new IllegalArgumentException("--seg-run goes with a classifier; " + first.recipe().model()
                        + " segments already");
            }
            TrainedModel classifier = classifies ? first : null;
            TrainedModel segmenter = classifies ? segmentation : first;
            Dataset dataset = first.withHeldOut(data.open());
            Path maskDir = segmenter == null ? null
                    : masks != null ? masks : out.toAbsolutePath().resolveSibling("masks");
            RunPrediction.Result result = RunPrediction.write(classifier, segmenter, dataset, split, out, tta.flip,
                    tta.factors(), maskDir);
            PrintWriter w = spec.commandLine().getOut();
            w.printf("wrote %s and %s%s (%d images)%n", result.submission(), result.predictions(),
                    maskDir == null ? "" : " and masks in " + maskDir, result.images());
            w.flush();
        }
        return 0;
    }
}
