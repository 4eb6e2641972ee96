package org.vocvision.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vocvision.attack.AttackExperiment;
import org.vocvision.attack.AttackReport;
import org.vocvision.attack.AttackSettings;
import org.vocvision.attack.EpsResult;
import org.vocvision.attack.Norm;
import org.vocvision.attack.Task;
import org.vocvision.data.ClassStatistics;
import org.vocvision.data.Dataset;
import org.vocvision.data.Datasets;
import org.vocvision.data.InMemoryDataset;
import org.vocvision.data.Layout;
import org.vocvision.data.Sample;
import org.vocvision.data.SyntheticVoc;
import org.vocvision.predict.RunPrediction;
import org.vocvision.predict.TrainedModel;
import org.vocvision.report.HtmlReport;
import org.vocvision.submit.Score;
import org.vocvision.submit.Scorer;
import org.vocvision.submit.Submission;
import org.vocvision.train.ClassifierRecipe;
import org.vocvision.train.ClassifierTraining;
import org.vocvision.train.LabelledSplit;
import org.vocvision.train.SegmenterRecipe;
import org.vocvision.train.SegmenterTraining;
import org.vocvision.train.TrainingResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vocvision run}: the main job, end to end, on a data set or on the built-in synthetic one. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "The main job: reads the data set (or generates the built-in synthetic one when --data is"
                + " not given), prints its class statistics, trains a classifier and a segmenter, writes the"
                + " test split's submission.csv, prints the local score of the validation part, attacks both"
                + " models with FGSM and PGD, and writes a self-contained report.html.",
        footer = {"", "Examples:", "  vocvision run", "  vocvision run --data data/competition --run runs/first --epochs 30"})
final class RunCommand implements Callable<Integer> {

    /** Size of the built-in data set: big enough to learn from, small enough for minutes on 2 cores. */
    static final int BUILT_IN_TRAIN = 240;
    static final int BUILT_IN_TEST = 60;
    static final int BUILT_IN_LONG_SIDE = 128;

    /** Budgets of the closing attack sweeps (pixel units in [0,1]) and how many validation images they use. */
    static final List<Double> ATTACK_EPS = List.of(0.0, 2.0 / 255, 4.0 / 255, 8.0 / 255);
    static final int ATTACK_IMAGES = 8;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR",
            description = "A competition or VOCdevkit data set (default: generate the built-in one into the run directory).")
    Path data;

    @Option(names = "--run", paramLabel = "DIR", description = "Run directory (default: runs/<date-time>).")
    Path run;

    @Option(names = "--seed", defaultValue = "2009", paramLabel = "S", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--epochs", defaultValue = "12", paramLabel = "N",
            description = "Training epochs of each model (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--image-size", defaultValue = "128", paramLabel = "PX",
            description = "Classifier input and segmenter crop size (default ${DEFAULT-VALUE}; 224/320 for real data).")
    int imageSize;

    @Option(names = "--width", defaultValue = "0.5", paramLabel = "W",
            description = "MobileNetV2 width multiplier of both models (default ${DEFAULT-VALUE}).")
    float width;

    @Option(names = "--val-fraction", defaultValue = "0.2", paramLabel = "F",
            description = "Share of the labelled split held out for validation (default ${DEFAULT-VALUE}).")
    double valFraction;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "N", description = "Data loader threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        long start = System.nanoTime();
        Path runDir = run != null ? run
                : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(runDir);
        Dataset dataset = Datasets.open(builtInDataUnlessGiven(runDir, out), null);
        String split = dataset.defaultSplit();
        printStatistics(out, dataset, split, runDir);

        ClassifierRecipe classifierRecipe = ClassifierRecipe.builder("mobilenet_v2").optWidth(width)
                .optImageSize(imageSize).optBatch(16).optEpochs(epochs).optLr(2e-3).optSeed(seed)
                .optThreads(threads).optValFraction(valFraction).optTta(true).build();
        TrainingResult classifier = ClassifierTraining.run(dataset, split, classifierRecipe, runDir.resolve("classifier"));
        out.printf("classifier: val mAP %.3f, val F1 %.3f (%.1f training images/s)%n",
                classifier.metrics().get("val_map"), classifier.metrics().get("val_f1"), classifier.trainImagesPerSecond());
        out.flush();

        SegmenterRecipe segmenterRecipe = SegmenterRecipe.builder("deeplabv3plus").optBackbone("mobilenet_v2")
                .optWidth(width).optCrop(imageSize).optBatch(8).optEpochs(epochs).optOptimizer("adamw").optLr(1e-3)
                .optSeed(seed).optThreads(threads).optValFraction(valFraction).build();
        TrainingResult segmenter = SegmenterTraining.run(dataset, split, segmenterRecipe, runDir.resolve("segmenter"));
        out.printf("segmenter: val mIoU %.3f, val pixel accuracy %.3f (%.1f training images/s)%n",
                segmenter.metrics().get("val_miou"), segmenter.metrics().get("val_pixel_acc"),
                segmenter.trainImagesPerSecond());
        out.flush();

        try (TrainedModel cls = TrainedModel.load(runDir.resolve("classifier"));
                TrainedModel seg = TrainedModel.load(runDir.resolve("segmenter"))) {
            if (dataset.splits().contains("test")) {
                RunPrediction.Result test = RunPrediction.write(cls, seg, dataset, "test", runDir.resolve("submission.csv"), true);
                out.printf("submission: %s (%d test images)%n", test.submission(), test.images());
            }
            Dataset validation = validationPart(dataset, split, valFraction);
            Path valDir = Files.createDirectories(runDir.resolve("validation"));
            RunPrediction.write(cls, seg, validation, "val", valDir.resolve("submission.csv"), true);
            Score score = Scorer.score(Submission.read(valDir.resolve("submission.csv")), validation, "val");
            writeScore(valDir.resolve("score.json"), score);
            out.printf("local score of the validation part (%d images): classification %.4f, segmentation %.4f,"
                    + " joint %.4f%n", validation.ids("val").size(), score.classification(), score.segmentation(),
                    score.dice());
            attack(out, cls, validation, runDir.resolve("classifier"), Task.CLASSIFICATION);
            attack(out, seg, validation, runDir.resolve("segmenter"), Task.SEGMENTATION);
        }
        Path report = HtmlReport.write(runDir, "vocvision run " + runDir.getFileName());
        out.printf("report: %s (%.0f s in all)%n", report, (System.nanoTime() - start) / 1e9);
        out.flush();
        return 0;
    }

    /** FGSM and PGD-10 sweeps on the first validation images: how fragile the trained model is. */
    private void attack(PrintWriter out, TrainedModel model, Dataset validation, Path runDir, Task task) throws IOException {
        for (String method : List.of("fgsm", "pgd")) {
            AttackSettings settings = new AttackSettings(method, Norm.LINF, ATTACK_EPS, method.equals("pgd") ? 10 : 0, 0,
                    task, null, ATTACK_IMAGES, ATTACK_IMAGES, seed);
            AttackReport report = AttackExperiment.run(model.model(), AttackExperiment.evaluationBatches(validation, "val",
                    ATTACK_IMAGES, model.inputSize(), model.inputSize(), ATTACK_IMAGES), settings, runDir);
            StringBuilder line = new StringBuilder();
            for (EpsResult r : report.results()) {
                line.append(String.format(java.util.Locale.ROOT, "  %.0f/255: %.2f", r.eps() * 255, r.successRate()));
            }
            out.printf("%s on the %s, success rate by eps:%s%n", method.toUpperCase(java.util.Locale.ROOT),
                    task == Task.CLASSIFICATION ? "classifier" : "segmenter", line);
            out.flush();
        }
    }

    private Path builtInDataUnlessGiven(Path runDir, PrintWriter out) {
        if (data != null) {
            return data;
        }
        Path dataDir = runDir.resolve("data");
        long start = System.nanoTime();
        SyntheticVoc.builder().optSeed(seed).optLongSide(BUILT_IN_LONG_SIDE).build()
                .write(dataDir, Layout.COMPETITION, BUILT_IN_TRAIN, BUILT_IN_TEST);
        out.printf("built-in data set: %d train + %d test synthetic images written to %s (%.1f s)%n",
                BUILT_IN_TRAIN, BUILT_IN_TEST, dataDir, (System.nanoTime() - start) / 1e9);
        return dataDir;
    }

    private static void printStatistics(PrintWriter out, Dataset dataset, String split, Path runDir) throws IOException {
        ClassStatistics stats = ClassStatistics.of(dataset, split);
        Files.writeString(runDir.resolve("stats.json"), stats.toJson());
        StatsCommand.printTable(out, dataset, split, stats);
        out.flush();
    }

    /** The validation part both trainings held out (the same stratified split: same seed and fraction). */
    private Dataset validationPart(Dataset dataset, String split, double fraction) {
        LabelledSplit parts = LabelledSplit.of(dataset, split, fraction, seed, false);
        Map<String, Sample> samples = new LinkedHashMap<>();
        for (String id : parts.val()) {
            samples.put(id, dataset.load(split, id));
        }
        return new InMemoryDataset(dataset.layout(), dataset.root(), Map.of("val", List.copyOf(parts.val())), samples);
    }

    private static void writeScore(Path file, Score score) throws IOException {
        Files.writeString(file, new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(ScoreCommand.asMap(score)));
    }
}
