package org.vocvision.task;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.loss.Loss;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.vocvision.attack.Goal;
import org.vocvision.attack.MaskGoal;
import org.vocvision.attack.RobustnessEvaluation;
import org.vocvision.data.AugmentOptions;
import org.vocvision.data.Batch;
import org.vocvision.data.Dataset;
import org.vocvision.data.Label;
import org.vocvision.data.Mask;
import org.vocvision.data.Sample;
import org.vocvision.data.VocClasses;
import org.vocvision.loss.DiceLoss;
import org.vocvision.loss.IgnoreIndexCrossEntropy;
import org.vocvision.loss.WeightedSumLoss;
import org.vocvision.metric.ConfusionMatrix;
import org.vocvision.metric.Thresholds;
import org.vocvision.predict.SegmentationPredictor;
import org.vocvision.report.OverlayFigures;
import org.vocvision.run.RunDir;

/**
 * Semantic segmentation: (N, 21, H, W) logits, softmax over background and the 20 classes per pixel;
 * VOC's void (255) pixels count for no loss and no metric. The metric is mIoU from one confusion matrix
 * over all validation pixels, each image segmented at its own size as predict segments it.
 */
public final class Segmentation extends TaskBase implements Task {

    Segmentation() {
        super("segmentation", VocClasses.withBackground(), "images with masks", "val_miou", "mIoU", "segmenter",
                "paint", MaskGoal.class);
    }

    @Override
    public boolean canLearnFrom(Dataset dataset, String split, String id) {
        return dataset.hasMask(split, id);
    }

    @Override
    public NDArray labels(Batch batch, NDManager manager) {
        return batch.masks(manager);
    }

    @Override
    public Loss loss(List<Label[]> trainLabels, float labelSmoothing, float diceWeight) {
        return diceWeight > 0
                ? WeightedSumLoss.of(new IgnoreIndexCrossEntropy(), new DiceLoss(), diceWeight)
                : new IgnoreIndexCrossEntropy();
    }

    @Override
    public TrainingDefaults trainingDefaults(boolean pretrained) {
        return pretrained ? new TrainingDefaults("sgd", false, 0.01, 1e-4, "poly", 0, 8, 30)
                // 3e-3: cosine's mean rate is half its peak; over 3 seeds 0.568 mIoU vs 0.529 at 2e-3 and 0.483 at
                // 1e-3, where a plain Adam 1e-3 script reaches 0.563 (docs/RECIPES.md)
                : new TrainingDefaults("adamw", false, 3e-3, 1e-4, "cosine", 1, 8, 30);
    }

    @Override
    public AugmentOptions augmentation() {
        // DeepLab's recipe (Chen et al. 2018, sec. 4) with torchvision references' colour jitter
        return AugmentOptions.builder().optCrop(org.vocvision.data.CropMode.SCALE_CROP).optScale(0.5, 2)
                .optFlipProbability(0.5).optColorJitter(0.2, 0.2, 0.2).build();
    }

    @Override
    public Evaluation evaluation(Dataset dataset, String split, List<String> ids, int inputSize, int stride,
            boolean tta, double[] scales, Loss loss) {
        return new MaskEvaluation(dataset, split, ids,
                model -> new SegmentationPredictor(model, inputSize, stride, tta, scales), loss);
    }

    @Override
    RobustnessEvaluation.GoalMaker targetedGoals(String target) {
        String[] parts = target.trim().split(":", -1);
        if (parts.length != 2 || !(parts[0].equals("vanish") || parts[0].equals("paint"))) {
            throw new IllegalArgumentException("bad target '" + target + "': a segmentation target is vanish:CLASS or paint:CLASS");
        }
        int cls = Classification.vocClass(parts[1].trim(), target) + 1; // mask index 0 is background
        if (parts[0].equals("vanish")) {
            return (batch, manager, clean) -> MaskGoal.vanish(clean.argMax(1), cls);
        }
        // paint: every object pixel of the truth (neither background nor void) becomes the class
        return (batch, manager, clean) -> {
            requireMasks(batch);
            byte[] masks = batch.masks();
            float[] region = new float[masks.length];
            for (int i = 0; i < masks.length; i++) {
                int m = masks[i] & 0xFF;
                region[i] = m != VocClasses.BACKGROUND && m != VocClasses.VOID ? 1 : 0;
            }
            return MaskGoal.paint(manager.create(region, new Shape(batch.size(), batch.height(), batch.width())), cls);
        };
    }

    @Override
    public Goal goal(Batch batch, NDManager manager) {
        requireMasks(batch);
        return MaskGoal.away(batch.masks(manager));
    }

    @Override
    public Supplier<RobustnessEvaluation.Metric> attackMetric() {
        return () -> new RobustnessEvaluation.Metric() {
            private final ConfusionMatrix matrix = new ConfusionMatrix(VocClasses.COUNT + 1);

            @Override
            public void add(NDArray logits, Batch batch) {
                matrix.update(batch.masks(logits.getManager()), logits.argMax(1));
            }

            @Override
            public double value() {
                return matrix.total() == 0 ? Double.NaN : matrix.meanIou();
            }
        };
    }

    @Override
    public int publishedClasses() {
        return VocClasses.COUNT + 1;
    }

    @Override
    public int[] networkSize(int height, int width, int inputSize, int stride) {
        return SegmentationPredictor.networkSize(height, width, inputSize, stride);
    }

    @Override
    public Batch predictionAsTruth(List<String> ids, int height, int width, float[] pixels, NDArray logits,
            Thresholds thresholds) {
        byte[] mask = logits.argMax(1).toType(ai.djl.ndarray.types.DataType.UINT8, false).toByteArray();
        return new Batch(ids, height, width, pixels, null, mask);
    }

    private static void requireMasks(Batch batch) {
        if (batch.masks() == null) {
            throw new IllegalArgumentException("images " + batch.ids() + " have no masks: an attack and its metric need the truth");
        }
    }

    /**
     * Validation as predict segments: each image resized so its long side is the input side (sides
     * multiples of the output stride), logits upsampled to the image's own size, flip TTA when asked;
     * mIoU and pixel accuracy from one confusion matrix over all pixels (void skipped), and the training
     * loss on the plain logits against the full-size mask. Keeps each image's own mIoU (overlay figures).
     */
    public static final class MaskEvaluation implements Evaluation {

        /** Overlay figures of the best and of the worst validation images (by their own mIoU). */
        static final int OVERLAYS = 4;

        private final Dataset dataset;
        private final String split;
        private final List<String> ids;
        private final Function<Block, SegmentationPredictor> predictor;
        private final Loss loss;
        private List<OverlayFigures.Scored> last;
        private ConfusionMatrix lastMatrix;

        MaskEvaluation(Dataset dataset, String split, List<String> ids, Function<Block, SegmentationPredictor> predictor,
                Loss loss) {
            this.dataset = dataset;
            this.split = split;
            this.ids = List.copyOf(ids);
            this.predictor = predictor;
            this.loss = loss;
        }

        @Override
        public LinkedHashMap<String, Double> evaluate(Block model, NDManager manager) {
            SegmentationPredictor predictor = predictor(model);
            ConfusionMatrix matrix = new ConfusionMatrix(VocClasses.COUNT + 1);
            List<OverlayFigures.Scored> scores = new ArrayList<>();
            double lossSum = 0;
            for (String id : ids) {
                Sample s = dataset.load(split, id);
                try (NDManager step = manager.newSubManager()) {
                    SegmentationPredictor.Output out = predictor.run(step, s.image());
                    NDArray truth = step.create(unsigned(s.mask().values()),
                            new Shape(1, s.mask().height(), s.mask().width()));
                    lossSum += loss.evaluate(new NDList(truth), new NDList(out.logits())).getFloat();
                    Mask predicted = out.mask();
                    matrix.update(s.mask().values(), predicted.values());
                    scores.add(new OverlayFigures.Scored(id, OverlayFigures.imageMiou(s.mask(), predicted)));
                }
            }
            last = scores;
            lastMatrix = matrix;
            LinkedHashMap<String, Double> m = new LinkedHashMap<>();
            m.put("val_loss", lossSum / ids.size());
            m.put("val_miou", matrix.meanIou());
            m.put("val_pixel_acc", matrix.pixelAccuracy());
            return m;
        }

        private static long[] unsigned(byte[] values) {
            long[] out = new long[values.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = values[i] & 0xFF;
            }
            return out;
        }

        /** The predictor validation uses (and predict uses for this run). */
        public SegmentationPredictor predictor(Block model) {
            return predictor.apply(model);
        }

        /** Each image's own mIoU from the last {@link #evaluate} (NaN where every pixel is void). */
        public List<OverlayFigures.Scored> lastScores() {
            if (last == null) {
                throw new IllegalStateException("evaluate first");
            }
            return last;
        }

        /**
         * Overlay figures of the best and worst validation images in figures/, listed in overlays.json; the
         * confusion matrix the mIoU came from, with IoU per class and the all-background baseline, in
         * confusion.json.
         */
        @Override
        public Map<String, Double> finish(Block model, NDManager manager, RunDir dir) throws IOException {
            List<OverlayFigures.Figure> overlays = OverlayFigures.write(predictor(model), manager, dataset, split,
                    lastScores(), OVERLAYS, dir.figures());
            ArrayNode listed = RunDir.JSON.createArrayNode();
            for (OverlayFigures.Figure f : overlays) {
                ObjectNode row = listed.addObject().put("rank", f.rank()).put("id", f.id()).put("miou", f.miou())
                        .put("file", dir.root().relativize(f.file()).toString());
                f.classes().forEach(row.putArray("classes")::add);
            }
            RunDir.writeJson(dir.overlays(), listed);
            if (lastMatrix == null) {
                throw new IllegalStateException("evaluate first");
            }
            RunDir.writeJson(dir.confusion(), confusion(lastMatrix));
            return Map.of();
        }

        /**
         * confusion.json: the matrix (rows truth, columns prediction, void skipped), IoU per class (null for a
         * class neither present nor predicted), mIoU and pixel accuracy, and the same two for a model that
         * predicts background everywhere.
         */
        static ObjectNode confusion(ConfusionMatrix matrix) {
            ObjectNode out = RunDir.JSON.createObjectNode();
            List<String> names = VocClasses.withBackground();
            out.put("rows", "truth").put("columns", "prediction");
            ArrayNode classes = out.putArray("classes");
            names.subList(0, matrix.classes()).forEach(classes::add);
            ArrayNode rows = out.putArray("matrix");
            for (int t = 0; t < matrix.classes(); t++) {
                ArrayNode row = rows.addArray();
                for (int p = 0; p < matrix.classes(); p++) {
                    row.add(matrix.count(t, p));
                }
            }
            ArrayNode iou = out.putArray("iou");
            for (double v : matrix.iou()) {
                if (Double.isNaN(v)) {
                    iou.addNull();
                } else {
                    iou.add(v);
                }
            }
            ConfusionMatrix background = matrix.ifAllPredicted(VocClasses.BACKGROUND);
            Classification.LabelEvaluation.number(out, "miou", matrix.meanIou());
            Classification.LabelEvaluation.number(out, "pixel_accuracy", matrix.pixelAccuracy());
            Classification.LabelEvaluation.number(out, "all_background_miou", background.meanIou());
            Classification.LabelEvaluation.number(out, "all_background_pixel_accuracy", background.pixelAccuracy());
            return out;
        }

        @Override
        public String definition() {
            return "val_miou: mean over classes present in truth or prediction of IoU from one confusion matrix over"
                    + " all validation pixels, each image at its own size, void (255) skipped";
        }
    }
}
