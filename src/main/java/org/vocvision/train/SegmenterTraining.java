package org.vocvision.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.Loss;
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
import org.vocvision.data.CropMode;
import org.vocvision.data.Dataset;
import org.vocvision.data.Mask;
import org.vocvision.data.Sample;
import org.vocvision.data.VocClasses;
import org.vocvision.engine.OfflineEngine;
import org.vocvision.metric.ConfusionMatrix;
import org.vocvision.model.ModelOptions;
import org.vocvision.model.NormalizedModel;
import org.vocvision.model.Zoo;
import org.vocvision.predict.OverlayFigures;
import org.vocvision.predict.SegmentationPredictor;

/**
 * Trains a segmenter on the masked images of a labelled split and leaves a complete run directory,
 * as torchvision's {@code references/segmentation/train.py} does: random scale 0.5-2 crops (void
 * padding), flips and colour jitter; cross-entropy ignoring void (plus an optional Dice term); SGD
 * with momentum 0.9 and the poly schedule; checkpoints of the best val_miou and the last epoch. The
 * best checkpoint is then evaluated on the val part at each image's own size, the way predict
 * segments test images, and metrics.json records val_miou and val_pixel_acc; overlay figures of the
 * best and worst validation images go to figures/ (listed in overlays.json).
 */
public final class SegmenterTraining {

    private static final Logger LOG = LoggerFactory.getLogger(SegmenterTraining.class);
    /** Overlay figures of the best and of the worst validation images (by per-image mIoU). */
    static final int OVERLAYS = 4;
    /** Lists them: rank, id, per-image mIoU, file. */
    public static final String OVERLAYS_FILE = "overlays.json";

    private SegmenterTraining() {}

    /** Trains on the images of {@code split} that have masks; everything goes to {@code runDir}. */
    public static TrainingResult run(Dataset dataset, String split, SegmenterRecipe recipe, Path runDir)
            throws IOException {
        return run(dataset, split, recipe, runDir, false);
    }

    /**
     * As {@link #run(Dataset, String, SegmenterRecipe, Path)}; with {@code resume}, continues the interrupted run in
     * {@code runDir} from its last checkpoint (same recipe, same data).
     */
    public static TrainingResult run(Dataset dataset, String split, SegmenterRecipe recipe, Path runDir, boolean resume)
            throws IOException {
        OfflineEngine.start();
        Files.createDirectories(runDir);
        LabelledSplit parts = LabelledSplit.of(dataset, split, recipe.valFraction(), recipe.seed(), true);
        LOG.info("{} training and {} validation images with masks from split '{}'", parts.train().size(),
                parts.val().size(), split);
        ModelOptions options = modelOptions(recipe);
        JsonNode config = config(recipe, options);
        Path resumeFrom = resume ? RunFiles.resumeCheckpoint(runDir, config) : null;
        RunFiles.writeConfig(runDir, config);

        int crop = recipe.crop();
        boolean dropLast = parts.train().size() > recipe.batch(); // no 1-image batch for batch norm
        AugmentOptions augment = AugmentOptions.builder().optCrop(CropMode.SCALE_CROP).optScale(0.5, 2)
                .optFlipProbability(0.5).optColorJitter(0.2, 0.2, 0.2).build();
        Batches train = Batches.builder().setDataset(dataset, parts.train()).setBatchSize(recipe.batch())
                .setInputSize(crop, crop).optShuffle(true).optDropLast(dropLast).optAugment(augment)
                .optThreads(recipe.threads()).optSeed(recipe.seed()).build();
        Batches val = Batches.builder().setDataset(dataset, parts.val()).setBatchSize(recipe.batch())
                .setInputSize(crop, crop).optThreads(recipe.threads()).build();

        try (NDManager manager = OfflineEngine.newManager()) {
            NormalizedModel model = Zoo.create(recipe.model(), options);
            ai.djl.engine.Engine.getInstance().setRandomSeed((int) recipe.seed());
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 3, crop, crop));
            if (recipe.weights() != null) {
                Zoo.loadPretrained(recipe.model(), model, Path.of(recipe.weights()));
            }
            Loss loss = recipe.diceWeight() > 0
                    ? WeightedSumLoss.of(new IgnoreIndexCrossEntropy(), new DiceLoss(), recipe.diceWeight())
                    : new IgnoreIndexCrossEntropy();
            Optimizer optimizer = recipe.optimizer().equals("sgd")
                    ? new Sgd(0.9, false, recipe.weightDecay()) : new AdamW(recipe.weightDecay());
            FitResult fit = Fit.builder().setModel(model).setLoss(loss).setTarget(Target.MASKS)
                    .setOptimizer(optimizer).setSchedule(new LrSchedule.Poly(recipe.lr()))
                    .optValidation(new SegmentationMetric())
                    .addCallback(new BestCheckpoint("val_miou")).addCallback(new LastCheckpoint())
                    .addCallback(new HistoryCsv()).addCallback(new LearningCurves())
                    // as the classifier's: halve after 2 stale epochs, before early stopping ends the run
                    .addCallback(new ReduceLrOnPlateau("val_miou", Mode.MAX, 0.5, 2, 1e-4, 0, 0))
                    .addCallback(new EarlyStopping("val_miou", Mode.MAX, recipe.patience(), 0, false))
                    .optModelCard(new ModelCard(recipe.model(), config, VocClasses.NAMES, null))
                    .optFinetuning(recipe.transfer().finetuning(model, recipe.model()))
                    .optAdversarialTraining(recipe.adversarial()).optResumeFrom(resumeFrom)
                    .optSeed(recipe.seed()).optManager(manager).setRunDir(runDir).build()
                    .fit(train, val, recipe.epochs());

            Path best = Checkpoint.file(runDir, BestCheckpoint.NAME);
            Checkpoint.read(best, model, manager).optimizerState().close();
            ConfusionMatrix matrix = new ConfusionMatrix(VocClasses.COUNT + 1);
            SegmentationPredictor predictor = new SegmentationPredictor(model, crop, stride(recipe), recipe.tta());
            List<OverlayFigures.Scored> scores = new ArrayList<>();
            for (String id : parts.val()) {
                Sample s = dataset.load(split, id);
                Mask predicted = predictor.predict(manager, s.image());
                matrix.update(s.mask().values(), predicted.values());
                scores.add(new OverlayFigures.Scored(id, OverlayFigures.imageMiou(s.mask(), predicted)));
            }
            List<OverlayFigures.Figure> overlays = OverlayFigures.write(predictor, manager, dataset, split, scores,
                    OVERLAYS, runDir.resolve("figures"));
            com.fasterxml.jackson.databind.node.ArrayNode listed = Checkpoint.JSON.createArrayNode();
            for (OverlayFigures.Figure f : overlays) {
                listed.addObject().put("rank", f.rank()).put("id", f.id()).put("miou", f.miou())
                        .put("file", runDir.relativize(f.file()).toString());
            }
            Checkpoint.writeAtomically(runDir.resolve(OVERLAYS_FILE),
                    Checkpoint.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(listed));
            LinkedHashMap<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("val_miou", matrix.meanIou());
            metrics.put("val_pixel_acc", matrix.pixelAccuracy());
            metrics.put("epochs", (double) fit.history().size());
            double speed = RunFiles.imagesPerSecond(fit, dropLast ? train.batchesPerEpoch() * recipe.batch() : train.samples());
            RunFiles.writeMetrics(runDir, metrics, speed);
            LOG.info("val mIoU {}, pixel accuracy {} after {} epochs", metrics.get("val_miou"),
                    metrics.get("val_pixel_acc"), fit.history().size());
            return new TrainingResult(runDir, best, metrics, speed);
        }
    }

    /** Input sides must be multiples of this: the output stride, or the U-Net's 2^4 pooling. */
    public static int stride(SegmenterRecipe recipe) {
        return recipe.model().equals("unet") ? 16 : recipe.outputStride();
    }

    static ModelOptions modelOptions(SegmenterRecipe recipe) {
        return ModelOptions.defaults().withBackbone(recipe.backbone()).withOutputStride(recipe.outputStride())
                .withWidth(recipe.width()).withNumClasses(VocClasses.COUNT + 1);
    }

    private static JsonNode config(SegmenterRecipe recipe, ModelOptions options) {
        ObjectNode node = Checkpoint.JSON.createObjectNode();
        node.put("task", "segmentation");
        node.put("inputSize", recipe.crop());
        node.put("stride", stride(recipe));
        node.set("modelOptions", Checkpoint.JSON.valueToTree(options));
        node.set("recipe", Checkpoint.JSON.valueToTree(recipe));
        return node;
    }
}
