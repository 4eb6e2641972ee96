package org.vocvision.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vocvision.data.Batches;
import org.vocvision.data.Dataset;
import org.vocvision.data.Label;
import org.vocvision.engine.OfflineEngine;
import org.vocvision.model.NormalizedModel;
import org.vocvision.model.Zoo;
import org.vocvision.run.Checkpoint;
import org.vocvision.run.EpochResult;
import org.vocvision.run.RunDir;
import org.vocvision.task.Evaluation;
import org.vocvision.task.Task;

/**
 * Trains a model for its task on a labelled split and leaves a complete run directory (torchvision's
 * {@code references/*}/train.py, one pipeline for both tasks): a stratified train/val cut shared by both
 * tasks; the task's loss and augmentation; AdamW or SGD with the recipe's schedule; checkpoints of the
 * best epoch (by the task's main metric, measured as predict measures it) and of the last, history.csv,
 * learning curves and early stopping (off unless the recipe sets a patience > 0). The best checkpoint is
 * then measured once more and the task finishes the run (a classifier tunes its thresholds; a segmenter
 * draws its best and worst validation images). metrics.json records the scores and how they are defined.
 */
public final class Training {

    private static final Logger LOG = LoggerFactory.getLogger(Training.class);

    private Training() {}

    /**
     * Trains on {@code split} of {@code dataset} into {@code runDir}; with {@code resume}, continues the
     * interrupted run there from its last checkpoint (same recipe, same data).
     */
    public static TrainingResult run(Dataset dataset, String split, Recipe recipe, Path runDir, boolean resume)
            throws IOException {
        RunDir dir = new RunDir(runDir);
        dir.requireFresh(resume);
        OfflineEngine.start();
        Task task = recipe.task();
        HeldOutSplit cut = HeldOutSplit.draw(dataset, split, recipe.valFraction(), recipe.seed());
        HeldOutSplit parts = cut.keep(id -> task.canLearnFrom(dataset, split, id));
        if (parts.train().isEmpty() || parts.val().isEmpty()) {
            throw new IllegalArgumentException(dataset.root() + ": split '" + split + "' leaves " + parts.train().size()
                    + " training and " + parts.val().size() + " validation " + task.learnableImages()
                    + "; training needs at least one of each");
        }
        LOG.info("{} training and {} validation images from split '{}'", parts.train().size(), parts.val().size(), split);
        recipe = recipe.withProvenance(Provenance.of(dataset, split, cut.val()));
        Path resumeFrom = resume ? resumeCheckpoint(dir, recipe) : null;
        Files.createDirectories(runDir);
        RunDir.writeJson(dir.config(), recipe);

        int size = recipe.inputSize();
        boolean dropLast = parts.train().size() > recipe.batch(); // no 1-image batch for batch norm
        Batches train = Batches.builder().setDataset(dataset, split, parts.train()).setBatchSize(recipe.batch())
                .setInputSize(size, size).optShuffle(true).optDropLast(dropLast).optAugment(task.augmentation())
                .optThreads(recipe.threads()).optSeed(recipe.seed()).build();
        List<Label[]> trainLabels = parts.train().stream().map(id -> dataset.labels(split, id)).toList();
        Loss loss = task.loss(trainLabels, recipe.labelSmoothing(), recipe.diceWeight());
        Evaluation evaluation = task.evaluation(dataset, split, parts.val(), size, recipe.inputMultiple(), recipe.tta(),
                recipe.ttaScales().stream().mapToDouble(Double::doubleValue).toArray(),
                loss);
        String metric = task.metric();
        try (NDManager manager = OfflineEngine.newManager()) {
            NormalizedModel model = Zoo.create(recipe.model(), recipe.modelOptions());
            Engine.getInstance().setRandomSeed((int) recipe.seed());
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 3, size, size));
            if (recipe.weights() != null) {
                Zoo.loadPretrained(recipe.model(), model, Path.of(recipe.weights()));
            }
            FitResult fit = Fit.builder().setModel(model).setLoss(loss).setTask(task)
                    .setOptimizer(optimizer(recipe)).setSchedule(schedule(recipe, train.batchesPerEpoch()))
                    .optValidation(evaluation)
                    .addCallback(new BestCheckpoint(metric)).addCallback(new LastCheckpoint())
                    .addCallback(new HistoryCsv()).addCallback(new LearningCurves())
                    // no ReduceLrOnPlateau: both schedules (cosine, poly) already take the rate to zero by the
                    // last epoch, and a plateau cut on top ended from-scratch runs with the rate cut twice (issue 15)
                    .addCallback(new EarlyStopping(metric, Mode.MAX,
                            recipe.patience() > 0 ? recipe.patience() : Integer.MAX_VALUE, 0, false))
                    .optCard(RunDir.JSON.valueToTree(recipe))
                    .optFinetuning(recipe.transfer().finetuning(model, recipe.model(), recipe.modelOptions()))
                    .optAdversarialTraining(recipe.adversarial()).optResumeFrom(resumeFrom)
                    .optOnNonFinite(OnNonFinite.of(recipe.onNonFinite()))
                    .optLayerDecay(recipe.layerDecay() == 1 ? null
                            : LayerDecay.of(model, recipe.model(), recipe.modelOptions(), recipe.layerDecay()))
                    .optEma(recipe.ema())
                    .optSeed(recipe.seed()).optManager(manager).setRunDir(runDir).build()
                    .fit(train, recipe.epochs());

            ExponentialMovingAverage.loadModel(dir.best(), model, manager);
            LinkedHashMap<String, Double> metrics = evaluation.evaluate(model, manager);
            metrics.putAll(evaluation.finish(model, manager, dir));
            EpochResult best = bestEpoch(fit, metric);
            int imagesPerEpoch = dropLast ? train.batchesPerEpoch() * recipe.batch() : train.samples();
            double speed = imagesPerSecond(fit, imagesPerEpoch);
            writeMetrics(dir, metrics, fit, best, speed, evaluation.definition());
            // the caller prints the result; logged for library users who do not
            LOG.debug("best epoch {} of {}: {}", best.epoch(), fit.history().size(), describe(metrics));
            return new TrainingResult(runDir, dir.best(), metrics, best.epoch(), fit.history().size(), speed);
        }
    }

    static Optimizer optimizer(Recipe recipe) {
        return recipe.optimizer().equals("sgd")
                ? new Sgd(0.9, recipe.task().trainingDefaults(recipe.weights() != null).nesterov(), recipe.weightDecay())
                : new AdamW(recipe.weightDecay());
    }

    static LrSchedule schedule(Recipe recipe, int batchesPerEpoch) {
        if (recipe.schedule().equals("poly")) {
            return new LrSchedule.Poly(recipe.lr());
        }
        long warmup = recipe.epochs() >= 3 ? (long) recipe.warmupEpochs() * batchesPerEpoch : 0;
        return new LrSchedule.Cosine(recipe.lr(), warmup, 0, LrSchedule.Unit.STEP);
    }

    /**
     * The last checkpoint of an interrupted run, checked against the new recipe: resuming with another
     * recipe or other data would mix two runs, so only the number of epochs and loader threads may differ.
     */
    static Path resumeCheckpoint(RunDir dir, Recipe recipe) throws IOException {
        Path last = dir.last();
        if (!Files.isRegularFile(last)) {
            throw new IllegalArgumentException(last + ": no checkpoint to resume from (train without --resume first)");
        }
        if (Files.isRegularFile(dir.config())) {
            // read back as a Recipe first: a config.json written before a field existed gets its default
            JsonNode saved = RunDir.JSON.readTree(dir.config().toFile());
            try {
                saved = RunDir.JSON.readTree(RunDir.JSON.writeValueAsBytes(RunDir.JSON.treeToValue(saved, Recipe.class)));
            } catch (IOException | IllegalArgumentException e) {
                // not a readable recipe: compared as written, so the resume is refused below
            }
            JsonNode before = comparable(saved);
            // through bytes, as the saved one went: a float field read back is a double node
            JsonNode now = comparable(RunDir.JSON.readTree(RunDir.JSON.writeValueAsBytes(recipe)));
            if (!before.equals(now)) {
                throw new IllegalArgumentException(dir.config() + ": the run was started with another recipe or other"
                        + " data; resume it with the same options (only --epochs, --threads and --on-nonfinite may change), or train into"
                        + " a new --run directory");
            }
        }
        return last;
    }

    /**
     * The recipe without what a resume may change: epochs, threads, what a non-finite step does (a run stopped
     * by one may go on skipping), when and with which software it ran.
     */
    private static JsonNode comparable(JsonNode recipe) {
        ObjectNode copy = recipe.deepCopy();
        copy.remove("epochs");
        copy.remove("threads");
        copy.remove("onNonFinite");
        if (copy.get("provenance") instanceof ObjectNode p) {
            p.remove("createdAt");
            p.remove("versions");
            p.remove("gitCommit");
        }
        return copy;
    }

    private static EpochResult bestEpoch(FitResult fit, String metric) {
        EpochResult best = fit.history().get(0);
        for (EpochResult e : fit.history()) {
            if (e.get(metric) > best.get(metric)) {
                best = e;
            }
        }
        return best;
    }

    /** Training images per second over the run; an epoch's seconds include its validation pass. */
    private static double imagesPerSecond(FitResult fit, int imagesPerEpoch) {
        double seconds = fit.history().stream().mapToDouble(EpochResult::seconds).sum();
        return seconds == 0 ? Double.NaN : imagesPerEpoch * (double) fit.history().size() / seconds;
    }

    /** metrics.json: the scores (NaN written as null: JSON has no NaN), the epochs, the speed, the definitions. */
    private static void writeMetrics(RunDir dir, Map<String, Double> metrics, FitResult fit, EpochResult best,
            double speed, String definition) throws IOException {
        ObjectNode node = RunDir.JSON.createObjectNode();
        metrics.forEach((k, v) -> {
            if (Double.isNaN(v)) {
                node.putNull(k);
            } else {
                node.put(k, v);
            }
        });
        node.put("best_epoch", best.epoch());
        node.put("epochs", fit.history().size());
        node.put("train_images_per_second", speed);
        node.put("skipped_steps", fit.skippedSteps()); // steps with a non-finite loss or gradient (--on-nonfinite skip)
        node.put("definition", definition);
        RunDir.writeJson(dir.metrics(), node);
    }

    private static String describe(Map<String, Double> metrics) {
        StringBuilder s = new StringBuilder();
        metrics.forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k).append(' ')
                .append(String.format(Locale.ROOT, "%.4g", v)));
        return s.toString();
    }
}
