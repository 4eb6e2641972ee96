package org.vocvision.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vocvision.data.AugmentOptions;
import org.vocvision.data.Batches;
import org.vocvision.data.ClassStatistics;
import org.vocvision.data.Dataset;
import org.vocvision.data.Label;
import org.vocvision.data.RgbImage;
import org.vocvision.data.Sample;
import org.vocvision.data.VocClasses;
import org.vocvision.engine.OfflineEngine;
import org.vocvision.metric.AveragePrecision;
import org.vocvision.metric.MultiLabelEvaluator;
import org.vocvision.metric.Thresholds;
import org.vocvision.model.ModelOptions;
import org.vocvision.model.NormalizedModel;
import org.vocvision.model.Zoo;
import org.vocvision.predict.ClassificationPredictor;

/**
 * Trains a multi-label classifier on a labelled split and leaves a complete run directory:
 * a stratified train/val cut; BCE with each class's pos_weight from the TRAIN part; AdamW (or SGD)
 * with a one-epoch warm-up and cosine decay; checkpoints of the best val_map and the last epoch,
 * history.csv, learning curves, LR-on-plateau and early stopping. Then the best checkpoint predicts
 * the val part, per-class thresholds are tuned on it (argmax fallback: every image gets a class) and
 * saved in thresholds.json and in the checkpoint, and metrics.json records val_map and val_f1.
 */
public final class ClassifierTraining {

    private static final Logger LOG = LoggerFactory.getLogger(ClassifierTraining.class);

    private ClassifierTraining() {}

    /** Trains on {@code split} of {@code dataset}; everything goes to {@code runDir}. */
    public static TrainingResult run(Dataset dataset, String split, ClassifierRecipe recipe, Path runDir)
            throws IOException {
        return run(dataset, split, recipe, runDir, false);
    }

    /**
     * As {@link #run(Dataset, String, ClassifierRecipe, Path)}; with {@code resume}, continues the interrupted run in
     * {@code runDir} from its last checkpoint (same recipe, same data).
     */
    public static TrainingResult run(Dataset dataset, String split, ClassifierRecipe recipe, Path runDir, boolean resume)
            throws IOException {
        OfflineEngine.start();
        Files.createDirectories(runDir);
        LabelledSplit parts = LabelledSplit.of(dataset, split, recipe.valFraction(), recipe.seed(), false);
        LOG.info("{} training and {} validation images from split '{}'", parts.train().size(), parts.val().size(), split);
        ModelOptions options = modelOptions(recipe);
        JsonNode config = config(recipe, options);
        Path resumeFrom = resume ? RunFiles.resumeCheckpoint(runDir, config) : null;
        RunFiles.writeConfig(runDir, config);

        int size = recipe.imageSize();
        boolean dropLast = parts.train().size() > recipe.batch(); // no 1-image batch for batch norm
        Batches train = Batches.builder().setDataset(dataset, parts.train()).setBatchSize(recipe.batch())
                .setInputSize(size, size).optShuffle(true).optDropLast(dropLast)
                .optAugment(AugmentOptions.classification()).optThreads(recipe.threads()).optSeed(recipe.seed())
                .build();
        Batches val = Batches.builder().setDataset(dataset, parts.val()).setBatchSize(recipe.batch())
                .setInputSize(size, size).optThreads(recipe.threads()).build();

        float[] posWeight = toFloats(ClassStatistics.of(labelsOnly(parts)).posWeightArray());
        try (NDManager manager = OfflineEngine.newManager()) {
            NormalizedModel model = Zoo.create(recipe.model(), options);
            ai.djl.engine.Engine.getInstance().setRandomSeed((int) recipe.seed());
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 3, size, size));
            if (recipe.weights() != null) {
                Zoo.loadPretrained(recipe.model(), model, Path.of(recipe.weights()));
            }
            Optimizer optimizer = recipe.optimizer().equals("sgd")
                    ? new Sgd(0.9, true, recipe.weightDecay()) : new AdamW(recipe.weightDecay());
            long warmup = recipe.epochs() >= 3 ? train.batchesPerEpoch() : 0;
            FitResult fit = Fit.builder().setModel(model)
                    .setLoss(new WeightedBceLoss(posWeight, recipe.labelSmoothing())).setTarget(Target.CLASSES)
                    .setOptimizer(optimizer)
                    .setSchedule(new LrSchedule.Cosine(recipe.lr(), warmup, 0, LrSchedule.Unit.STEP))
                    .optValidation(new ClassificationMetric(parts.labels()))
                    .addCallback(new BestCheckpoint("val_map")).addCallback(new LastCheckpoint())
                    .addCallback(new HistoryCsv()).addCallback(new LearningCurves())
                    // halve after 2 stale epochs, so the plateau cut comes before early stopping's 5 ends the run
                    .addCallback(new ReduceLrOnPlateau("val_map", Mode.MAX, 0.5, 2, 1e-4, 0, 0))
                    .addCallback(new EarlyStopping("val_map", Mode.MAX, recipe.patience(), 0, false))
                    .optModelCard(new ModelCard(recipe.model(), config, VocClasses.NAMES, null))
                    .optFinetuning(recipe.transfer().finetuning(model, recipe.model()))
                    .optAdversarialTraining(recipe.adversarial()).optResumeFrom(resumeFrom)
                    .optSeed(recipe.seed()).optManager(manager).setRunDir(runDir).build()
                    .fit(train, val, recipe.epochs());

            Path best = Checkpoint.file(runDir, BestCheckpoint.NAME);
            Checkpoint.read(best, model, manager).optimizerState().close();
            MultiLabelEvaluator evaluator = evaluate(model, dataset, split, parts, recipe, manager);
            Thresholds thresholds = evaluator.tuneThresholds(true);
            thresholds.save(runDir.resolve(Thresholds.FILE));
            Checkpoint.setThresholds(best, Checkpoint.JSON.valueToTree(thresholds));

            LinkedHashMap<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("val_map", evaluator.meanAveragePrecision(AveragePrecision.SKLEARN));
            metrics.put("val_f1", evaluator.scores(thresholds).f1Samples());
            metrics.put("epochs", (double) fit.history().size());
            double speed = RunFiles.imagesPerSecond(fit, dropLast ? train.batchesPerEpoch() * recipe.batch() : train.samples());
            RunFiles.writeMetrics(runDir, metrics, speed);
            LOG.info("val mAP {} , val F1 {} with tuned thresholds after {} epochs", metrics.get("val_map"),
                    metrics.get("val_f1"), fit.history().size());
            return new TrainingResult(runDir, best, metrics, speed);
        }
    }

    /** The best model's probabilities on the val part, in the val order, as predict makes them. */
    private static MultiLabelEvaluator evaluate(NormalizedModel model, Dataset dataset, String split, LabelledSplit parts,
            ClassifierRecipe recipe, NDManager manager) {
        ClassificationPredictor predictor = new ClassificationPredictor(model, recipe.imageSize(), recipe.tta());
        MultiLabelEvaluator evaluator = new MultiLabelEvaluator(VocClasses.COUNT);
        List<String> ids = parts.val();
        for (int start = 0; start < ids.size(); start += recipe.batch()) {
            List<String> chunk = ids.subList(start, Math.min(ids.size(), start + recipe.batch()));
            List<RgbImage> images = new ArrayList<>();
            for (String id : chunk) {
                images.add(dataset.load(split, id).image());
            }
            float[][] p = predictor.predict(manager, images);
            for (int i = 0; i < chunk.size(); i++) {
                evaluator.add(p[i], parts.labels().get(chunk.get(i)));
            }
        }
        return evaluator;
    }

    static ModelOptions modelOptions(ClassifierRecipe recipe) {
        return ModelOptions.defaults().withWidth(recipe.width()).withDropout(recipe.dropout())
                .withNumClasses(VocClasses.COUNT).withHead(recipe.head()).withBatchNorm(recipe.batchNorm());
    }

    /** config.json and the checkpoint's card: the task, the recipe, the model options and the input size. */
    private static JsonNode config(ClassifierRecipe recipe, ModelOptions options) {
        ObjectNode node = Checkpoint.JSON.createObjectNode();
        node.put("task", "classification");
        node.put("inputSize", recipe.imageSize());
        node.set("modelOptions", Checkpoint.JSON.valueToTree(options));
        node.set("recipe", Checkpoint.JSON.valueToTree(recipe));
        return node;
    }

    /** Samples carrying only labels (a 1x1 blank image): ClassStatistics needs nothing else for pos_weight. */
    private static List<Sample> labelsOnly(LabelledSplit parts) {
        List<Sample> samples = new ArrayList<>();
        for (String id : parts.train()) {
            Label[] labels = parts.labels().get(id);
            samples.add(new Sample(id, RgbImage.blank(1, 1), labels, null, Path.of(id)));
        }
        return samples;
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
