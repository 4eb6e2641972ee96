package org.vocvision.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vocvision.data.Batches;
import org.vocvision.data.InMemoryDataset;
import org.vocvision.data.Label;
import org.vocvision.data.Layout;
import org.vocvision.data.RgbImage;
import org.vocvision.data.Sample;
import org.vocvision.data.SyntheticVoc;
import org.vocvision.data.VocClasses;
import org.vocvision.engine.OfflineEngine;
import org.vocvision.metric.AveragePrecision;
import org.vocvision.metric.MultiLabelEvaluator;
import org.vocvision.metric.Thresholds;
import org.vocvision.model.ModelOptions;
import org.vocvision.model.NormalizedModel;
import org.vocvision.model.Zoo;
import org.vocvision.predict.RunPrediction;
import org.vocvision.predict.TrainedModel;
import org.vocvision.submit.Score;
import org.vocvision.submit.Scorer;
import org.vocvision.submit.Submission;
import org.vocvision.submit.SubmissionValidator;

class ClassifierTrainingTest {

    @TempDir
    static Path dir;

    /** 160 labelled synthetic images to train on, 40 more as "val" (used as a labelled test split). */
    static InMemoryDataset data;
    static TrainingResult run;

    @BeforeAll
    static void train() throws IOException {
        data = SyntheticVoc.builder().optLongSide(64).build().dataset(Layout.VOC, 160, 40);
        run = ClassifierTraining.run(data, "train", ClassifierRecipe.builder("mobilenet_v2").optWidth(0.5f)
                .optImageSize(64).optBatch(16).optEpochs(20).optLr(3e-3).optPatience(20).optThreads(1).build(),
                dir.resolve("run"));
    }

    @Test
    void tinyModelOverfitsThirtyTwoImages() throws IOException {
        InMemoryDataset small = SyntheticVoc.builder().optLongSide(64).optSeed(5).build().dataset(32, 0);
        List<String> ids = small.ids("train");
        Batches train = Batches.builder().setDataset(small, ids).setBatchSize(8).setInputSize(64, 64)
                .optShuffle(true).optSeed(1).build();
        Batches same = Batches.builder().setDataset(small, ids).setBatchSize(16).setInputSize(64, 64).build();
        try (NDManager manager = OfflineEngine.newManager()) {
            NormalizedModel model = Zoo.create("mobilenet_v2", ModelOptions.defaults().withWidth(0.5f));
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            Fit.builder().setModel(model).setLoss(new WeightedBceLoss()).setTarget(Target.CLASSES)
                    .setOptimizer(new AdamW(1e-4)).setSchedule(new LrSchedule.Cosine(3e-3, 4, 0, LrSchedule.Unit.STEP))
                    .optManager(manager).optSeed(3).build()
                    .fit(train, null, 20);
            // AP over the classes the 32 images have (scikit-learn's AP gives an absent class 0)
            MultiLabelEvaluator evaluator = new MultiLabelEvaluator(VocClasses.COUNT);
            float[][] p = new org.vocvision.predict.ClassificationPredictor(model, 64, false)
                    .predict(manager, ids.stream().map(id -> small.load(id).image()).toList());
            for (int i = 0; i < ids.size(); i++) {
                evaluator.add(p[i], small.load(ids.get(i)).labels());
            }
            double[] ap = evaluator.averagePrecision(AveragePrecision.SKLEARN);
            double presentMean = 0;
            int present = 0;
            for (int c = 0; c < VocClasses.COUNT; c++) {
                if (classPresent(small, ids, c)) {
                    presentMean += ap[c];
                    present++;
                }
            }
            presentMean /= present;
            assertTrue(presentMean > 0.95, "train mAP over " + present + " present classes " + presentMean
                    + ", APs " + Arrays.toString(ap));
        }
    }

    private static boolean classPresent(InMemoryDataset d, List<String> ids, int c) {
        return ids.stream().anyMatch(id -> d.load(id).labels()[c] == Label.PRESENT);
    }

    @Test
    void shortRunBeatsChanceAndWritesItsRun() throws IOException {
        Path runDir = run.runDir();
        // chance: a constant score's scikit-learn AP is the class's prevalence in the val part
        JsonNode metrics = Checkpoint.JSON.readTree(runDir.resolve("metrics.json").toFile());
        double valMap = metrics.get("val_map").asDouble();
        LabelledSplit parts = LabelledSplit.of(data, "train", 0.2, 42, false);
        MultiLabelEvaluator constant = new MultiLabelEvaluator(VocClasses.COUNT);
        for (String id : parts.val()) {
            constant.add(new float[VocClasses.COUNT], parts.labels().get(id));
        }
        double chance = constant.meanAveragePrecision(AveragePrecision.SKLEARN);
        assertTrue(valMap > 2 * chance && valMap > chance + 0.15, "val mAP " + valMap + " vs chance " + chance);
        assertEquals(valMap, run.metrics().get("val_map"), 1e-12);
        // the reloaded best checkpoint scores what its epoch scored: predict prepares images as the loader does
        List<String> history = Files.readAllLines(runDir.resolve("history.csv"));
        int column = Arrays.asList(history.get(0).split(",")).indexOf("val_map");
        double bestEpoch = history.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[column])).max().orElseThrow();
        assertEquals(bestEpoch, valMap, 1e-6); // history.csv keeps 6 digits
        assertTrue(metrics.get("val_f1").asDouble() > 0);
        assertEquals(run.metrics().get("epochs").intValue(), metrics.get("epochs").asInt());
        for (String file : List.of("config.json", "history.csv", "thresholds.json", "figures/loss.png",
                "checkpoints/best.ckpt", "checkpoints/last.ckpt")) {
            assertTrue(Files.exists(runDir.resolve(file)), file);
        }
        JsonNode config = Checkpoint.JSON.readTree(runDir.resolve("config.json").toFile());
        assertEquals("classification", config.get("task").asText());
        assertEquals(64, config.get("inputSize").asInt());
        assertEquals("mobilenet_v2", config.get("recipe").get("model").asText());
        // thresholds tuned on val are in the run dir and in the best checkpoint's card
        Thresholds saved = Thresholds.load(runDir.resolve(Thresholds.FILE));
        JsonNode inCard = Checkpoint.readManifest(run.bestCheckpoint()).card().thresholds();
        assertEquals(saved, Checkpoint.JSON.treeToValue(inCard, Thresholds.class));
        assertTrue(saved.argmaxFallback());
    }

    @Test
    void reloadedRunPredictsAsTheTrainedModel() throws IOException {
        // metrics.json's val mAP came from the in-process model; the reloaded run must give it again
        LabelledSplit parts = LabelledSplit.of(data, "train", 0.2, 42, false);
        try (TrainedModel model = TrainedModel.load(run.runDir())) {
            assertEquals("mobilenet_v2", model.card().model());
            assertEquals(64, model.inputSize());
            assertEquals(Thresholds.load(run.runDir().resolve(Thresholds.FILE)), model.thresholds());
            List<RgbImage> images = parts.val().stream().map(id -> data.load(id).image()).toList();
            float[][] p = model.classifier(false).predict(model.manager(), images);
            MultiLabelEvaluator evaluator = new MultiLabelEvaluator(VocClasses.COUNT);
            for (int i = 0; i < p.length; i++) {
                evaluator.add(p[i], parts.labels().get(parts.val().get(i)));
            }
            assertEquals(run.metrics().get("val_map"), evaluator.meanAveragePrecision(AveragePrecision.SKLEARN), 1e-9);
            assertEquals(run.metrics().get("val_f1"), evaluator.scores(model.thresholds()).f1Samples(), 1e-9);
            // and twice the same
            assertArrayEquals(p[0], model.classifier(false).predict(model.manager(), images.subList(0, 1))[0], 1e-4f); // batch of 1 vs 40: float summation order
        }
    }

    @Test
    void predictWritesAValidSubmissionScoredAsTheThresholdsSay() throws IOException {
        Path out = dir.resolve("predict/submission.csv");
        try (TrainedModel model = TrainedModel.load(run.runDir())) {
            RunPrediction.write(model, null, data, "val", out, false);
        }
        Submission submission = Submission.read(out);
        assertEquals(List.of(), SubmissionValidator.validate(submission, SubmissionValidator.imageSizes(data, "val")));
        List<String> lines = Files.readAllLines(out.resolveSibling(RunPrediction.PREDICTIONS));
        assertEquals("Id," + String.join(",", VocClasses.NAMES), lines.get(0));
        assertEquals(41, lines.size());
        // the classification half, recomputed from predictions.csv and the tuned thresholds
        Thresholds thresholds = Thresholds.load(run.runDir().resolve(Thresholds.FILE));
        double sum = 0;
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            float[] p = new float[VocClasses.COUNT];
            for (int c = 0; c < p.length; c++) {
                p[c] = Float.parseFloat(f[c + 1]);
            }
            boolean[] predicted = thresholds.apply(p);
            Label[] truth = data.load(f[0]).labels();
            int both = 0;
            int sizes = 0;
            for (int c = 0; c < p.length; c++) {
                boolean t = truth[c] == Label.PRESENT || truth[c] == Label.DIFFICULT;
                both += t && predicted[c] ? 1 : 0;
                sizes += (t ? 1 : 0) + (predicted[c] ? 1 : 0);
            }
            sum += sizes == 0 ? 1 : 2.0 * both / sizes;
        }
        Score score = Scorer.score(submission, data, "val");
        assertEquals(sum / 40, score.classification(), 1e-9);
        assertEquals(0, score.segmentation(), 1e-12); // empty rows against non-empty masks
    }

    @Test
    void commandsHaveHelp() {
        for (String[] args : List.of(new String[] {"train", "classifier", "--help"},
                new String[] {"train", "segmenter", "--help"}, new String[] {"predict", "--help"})) {
            java.io.StringWriter text = new java.io.StringWriter();
            picocli.CommandLine cli = org.vocvision.cli.Main.commandLine();
            cli.setOut(new java.io.PrintWriter(text));
            assertEquals(0, cli.execute(args));
            assertTrue(text.toString().contains("Example:"), text.toString());
        }
    }
}
