package org.vocvision.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vocvision.attack.AttackReport;
import org.vocvision.attack.EpsResult;
import org.vocvision.data.ClassStatistics;
import org.vocvision.data.Dataset;
import org.vocvision.data.Datasets;
import org.vocvision.data.Layout;
import org.vocvision.data.SyntheticVoc;
import org.vocvision.pipeline.MainJob;
import org.vocvision.run.RunDir;
import org.vocvision.submit.RunPrediction;
import org.vocvision.submit.Score;
import org.vocvision.train.TrainingResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vocvision run}: the main job, end to end, on a data set or on the built-in synthetic one. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "The main job: reads the data set (or generates the built-in synthetic one when --data is"
                + " not given), prints its class statistics, trains a classifier and a segmenter on one shared"
                + " train part, writes the test split's submission.csv, prints the local score of the held-out"
                + " part, attacks both models with FGSM and PGD, and writes a self-contained report.html.",
        footer = {"", "Examples:", "  vocvision run", "  vocvision run --data data/competition --run runs/first --epochs 30"})
final class RunCommand implements Callable<Integer> {

    /** Size of the built-in data set: big enough to learn from, small enough for minutes on 2 cores. */
    static final int BUILT_IN_TRAIN = 240;
    static final int BUILT_IN_TEST = 60;
    static final int BUILT_IN_LONG_SIDE = 128;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR",
            description = "A competition or VOCdevkit data set (default: generate the built-in one into the run directory).")
    Path data;

    @Option(names = "--run", paramLabel = "DIR", description = "Run directory (default: runs/<date-time>).")
    Path run;

    @CommandLine.Mixin ResumeOrForce existing;

    @Option(names = "--seed", defaultValue = "2009", paramLabel = "S", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    // A classifier epoch at 128 px costs about a sixth of a segmenter epoch: on the built-in data 36 epochs
    // took its val mAP from 0.35 (12 epochs) to 0.47 for one more minute, measured before the initialisation
    // fix (0.543 at 36 now; docs/RECIPES.md).
    @Option(names = "--epochs", paramLabel = "N",
            description = "Training epochs of both models (default: 36 for the classifier, 12 for the segmenter).")
    Integer epochs;

    @Option(names = "--image-size", defaultValue = "128", paramLabel = "PX",
            description = "Classifier input and segmenter crop size (default ${DEFAULT-VALUE}; 224/320 for real data).")
    int imageSize;

    @Option(names = "--width", defaultValue = "0.5", paramLabel = "W",
            description = "MobileNetV2 width multiplier of both models (default ${DEFAULT-VALUE}).")
    float width;

    @CommandLine.Mixin TrainingDataOptions trainingData;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        long start = System.nanoTime();
        if (existing.resume && run == null) {
            throw new IllegalArgumentException("--resume needs the --run directory of the job to continue");
        }
        Path runDir = run != null ? run
                : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        existing.prepare(runDir);
        if (existing.force && data == null) {
            RunDir.deleteTree(runDir.resolve("data"));
        }
        Files.createDirectories(runDir);
        Dataset dataset = Datasets.open(builtInDataUnlessGiven(runDir, out), null);
        MainJob.Settings settings = new MainJob.Settings(epochs == null ? 36 : epochs, epochs == null ? 12 : epochs,
                imageSize, width, trainingData.valFraction, seed, trainingData.threads);
        MainJob.Result result = MainJob.run(dataset, runDir, settings, new Printer(out), existing.resume);
        out.printf("report: %s (%.0f s in all)%n", result.report(), (System.nanoTime() - start) / 1e9);
        out.flush();
        return 0;
    }

    private Path builtInDataUnlessGiven(Path runDir, PrintWriter out) throws IOException {
        if (data != null) {
            return data;
        }
        Path dataDir = runDir.resolve("data");
        if (Files.isDirectory(dataDir)) {
            out.printf("built-in data set: reusing %s%n", dataDir);
            return dataDir; // written whole by an earlier start of this job (renamed into place when complete)
        }
        long start = System.nanoTime();
        Path partial = runDir.resolve("data.partial");
        RunDir.deleteTree(partial);
        SyntheticVoc.builder().optSeed(seed).optLongSide(BUILT_IN_LONG_SIDE).build()
                .write(partial, Layout.COMPETITION, BUILT_IN_TRAIN, BUILT_IN_TEST);
        Files.move(partial, dataDir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        out.printf("built-in data set: %d train + %d test synthetic images written to %s (%.1f s)%n",
                BUILT_IN_TRAIN, BUILT_IN_TEST, dataDir, (System.nanoTime() - start) / 1e9);
        return dataDir;
    }

    /** Prints each stage's result as it comes. */
    private record Printer(PrintWriter out) implements MainJob.Listener {
        @Override
        public void statistics(Dataset dataset, String split, ClassStatistics stats) {
            StatsCommand.printTable(out, dataset, split, stats);
            out.flush();
        }

        @Override
        public void trained(String what, TrainingResult r) {
            StringBuilder line = new StringBuilder(what + ":");
            r.metrics().forEach((k, v) -> line.append(String.format(Locale.ROOT, " %s %.3f", k, v)));
            out.printf("%s; best epoch %d of %d (%.1f training images/s)%n", line, r.bestEpoch(), r.epochs(),
                    r.trainImagesPerSecond());
            out.flush();
        }

        @Override
        public void submitted(RunPrediction.Result s) {
            out.printf("submission: %s (%d test images)%n", s.submission(), s.images());
            out.flush();
        }

        @Override
        public void scored(Score score, Score allNegative, int images) {
            out.printf(Locale.ROOT, "local score of the held-out part (%d images; segmentation rows on %d with masks):"
                    + " classification %.4f, segmentation %.4f, joint %.4f (an empty submission: %.4f)%n", images,
                    score.segmentationRows(), score.classification(), score.segmentation(), score.dice(), allNegative.dice());
            out.flush();
        }

        @Override
        public void finished(MainJob.Result result) {
            out.println("summary (each number beside its baselines):");
            result.summary().lines().forEach(l -> out.println("  " + l.text()));
            out.flush();
        }

        @Override
        public void attacked(String task, AttackReport report) {
            StringBuilder line = new StringBuilder();
            for (EpsResult r : report.results()) {
                line.append(String.format(Locale.ROOT, "  %.0f/255: %.2f", r.eps() * 255, r.successRate()));
            }
            out.printf("%s on the %s model, success rate by eps:%s%n", report.method().toUpperCase(Locale.ROOT), task, line);
            out.flush();
        }
    }
}
