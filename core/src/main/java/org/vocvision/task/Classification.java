package org.vocvision.task;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
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
import org.vocvision.attack.LabelGoal;
import org.vocvision.attack.RobustnessEvaluation;
import org.vocvision.data.AugmentOptions;
import org.vocvision.data.Batch;
import org.vocvision.data.BatchSource;
import org.vocvision.data.Batches;
import org.vocvision.data.ClassStatistics;
import org.vocvision.data.Dataset;
import org.vocvision.data.Label;
import org.vocvision.data.VocClasses;
import org.vocvision.loss.WeightedBceLoss;
import org.vocvision.metric.AveragePrecision;
import org.vocvision.metric.MultiLabelEvaluator;
import org.vocvision.metric.PrecisionRecallCurve;
import org.vocvision.metric.Thresholds;
import org.vocvision.predict.ClassificationPredictor;
import org.vocvision.run.Checkpoint;
import org.vocvision.run.RunDir;

/**
 * Multi-label classification of the 20 VOC classes: (N, 20) logits, one sigmoid per class. The metric
 * is mAP in scikit-learn's step-wise definition (the course notebook's), with VOC's difficult labels
 * left out as the devkit does; attacks are measured with the same definition.
 */
public final class Classification extends TaskBase implements Task {

    /** The one mAP definition: validation, the final metrics and the attack report all use it. */
    public static final AveragePrecision MAP_DEFINITION = AveragePrecision.SKLEARN;
    /** A label counts as predicted when its sigmoid reaches this (before thresholds are tuned). */
    static final float THRESHOLD = 0.5f;

    Classification() {
        super("classification", VocClasses.NAMES, "labelled images", "val_map", "mAP", "classifier", "add", LabelGoal.class);
    }

    @Override
    public boolean canLearnFrom(Dataset dataset, String split, String id) {
        for (Label l : dataset.labels(split, id)) {
            if (l == Label.UNKNOWN) {
                return false;
            }
        }
        return true;
    }

    @Override
    public NDArray labels(Batch batch, NDManager manager) {
        return batch.targets(manager);
    }

    /** Weighted BCE with pos_weight from the training labels; without labels (null), plain BCE. */
    @Override
    public Loss loss(List<Label[]> trainLabels, float labelSmoothing, float diceWeight) {
        if (trainLabels == null) {
            return new WeightedBceLoss(null, labelSmoothing);
        }
        double[] w = ClassStatistics.ofLabels(trainLabels).posWeightArray();
        float[] posWeight = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            posWeight[i] = (float) w[i];
        }
        return new WeightedBceLoss(posWeight, labelSmoothing);
    }

    @Override
    public TrainingDefaults trainingDefaults(boolean pretrained) {
        return pretrained ? new TrainingDefaults("adamw", true, 1e-4, 1e-4, "cosine", 1, 32, 30)
                : new TrainingDefaults("adamw", true, 1e-3, 1e-4, "cosine", 1, 16, 30);
    }

    @Override
    public AugmentOptions augmentation() {
        return AugmentOptions.classification();
    }

    @Override
    public Evaluation evaluation(Dataset dataset, String split, List<String> ids, int inputSize, int stride,
            boolean tta, double[] scales, Loss loss) {
        return new LabelEvaluation(dataset, split, ids, inputSize,
                model -> new ClassificationPredictor(model, inputSize, tta, scales), loss);
    }

    @Override
    RobustnessEvaluation.GoalMaker targetedGoals(String target) {
        float[][] labels = labelTarget(target);
        return (batch, manager, clean) -> LabelGoal.toward(manager.create(labels[0]), manager.create(labels[1]), THRESHOLD);
    }

    @Override
    public Goal goal(Batch batch, NDManager manager) {
        if (batch.targets() == null) {
            throw new IllegalArgumentException("images " + batch.ids() + " have no class labels: an attack and its metric"
                    + " need the truth");
        }
        return LabelGoal.away(batch.targets(manager), THRESHOLD);
    }

    @Override
    public Supplier<RobustnessEvaluation.Metric> attackMetric() {
        return () -> new RobustnessEvaluation.Metric() {
            private final MultiLabelEvaluator evaluator = new MultiLabelEvaluator(VocClasses.COUNT);

            @Override
            public void add(NDArray logits, Batch batch) {
                evaluator.add(Activation.sigmoid(logits), batch.targets());
            }

            @Override
            public double value() {
                return evaluator.size() == 0 ? Double.NaN : evaluator.meanAveragePrecision(MAP_DEFINITION);
            }
        };
    }

    @Override
    public int publishedClasses() {
        return 1000;
    }

    @Override
    public int[] networkSize(int height, int width, int inputSize, int stride) {
        return new int[] {inputSize, inputSize};
    }

    @Override
    public Batch predictionAsTruth(List<String> ids, int height, int width, float[] pixels, NDArray logits,
            Thresholds thresholds) {
        boolean[] on = thresholds.apply(Activation.sigmoid(logits).toFloatArray());
        float[] targets = new float[on.length];
        for (int c = 0; c < on.length; c++) {
            targets[c] = on[c] ? 1 : 0;
        }
        return new Batch(ids, height, width, pixels, targets, null);
    }

    /**
     * A targeted goal from {@code add:cat,remove:person}: {target, care}, 20 values each; classes not
     * named are free (care 0).
     */
    public static float[][] labelTarget(String spec) {
        float[] target = new float[VocClasses.COUNT];
        float[] care = new float[VocClasses.COUNT];
        for (String item : spec.split(",", -1)) {
            String[] parts = item.trim().split(":", -1);
            if (parts.length != 2 || !(parts[0].equals("add") || parts[0].equals("remove"))) {
                throw new IllegalArgumentException("bad target '" + item.trim() + "' in '" + spec
                        + "': a classification target is add:CLASS or remove:CLASS, separated by commas");
            }
            int c = vocClass(parts[1].trim(), spec);
            if (care[c] != 0) {
                throw new IllegalArgumentException("target '" + spec + "' names class '" + parts[1].trim() + "' twice");
            }
            care[c] = 1;
            target[c] = parts[0].equals("add") ? 1 : 0;
        }
        return new float[][] {target, care};
    }

    /** The 0-based index of a VOC class named in a target spec. */
    static int vocClass(String name, String spec) {
        int c = VocClasses.NAMES.indexOf(name);
        if (c < 0) {
            throw new IllegalArgumentException("target '" + spec + "': unknown VOC class '" + name + "'; valid: " + VocClasses.NAMES);
        }
        return c;
    }

    /**
     * Validation as predict classifies: each image resized to the input side in bytes (the loader's
     * resize, threads and all), flip and mixed-size TTA when asked; mAP of the probabilities against the labels
     * (difficult left out), F1 of each image's labels at 0.5, and the training loss on the plain logits.
     */
    public static final class LabelEvaluation implements Evaluation {

        /** Images per forward pass. */
        private static final int CHUNK = 16;

        private final BatchSource images;
        private final List<Label[]> labels = new ArrayList<>();
        private final Function<Block, ClassificationPredictor> predictor;
        private final Loss loss;
        private MultiLabelEvaluator last;

        LabelEvaluation(Dataset dataset, String split, List<String> ids, int inputSize,
                Function<Block, ClassificationPredictor> predictor, Loss loss) {
            this.images = Batches.builder().setDataset(dataset, split, ids).setBatchSize(CHUNK)
                    .setInputSize(inputSize, inputSize).optThreads(2).build();
            for (String id : ids) {
                labels.add(dataset.labels(split, id));
            }
            this.predictor = predictor;
            this.loss = loss;
        }

        @Override
        public LinkedHashMap<String, Double> evaluate(Block model, NDManager manager) {
            ClassificationPredictor predictor = this.predictor.apply(model);
            MultiLabelEvaluator evaluator = new MultiLabelEvaluator(VocClasses.COUNT);
            double lossSum = 0;
            int seen = 0;
            try (BatchSource.EpochBatches batches = images.epoch(0)) {
                while (batches.hasNext()) {
                    Batch batch = batches.next();
                    try (NDManager step = manager.newSubManager()) {
                        ClassificationPredictor.Output out = predictor.run(step, batch.images(step));
                        NDArray targets = step.create(targets(seen, batch.size()), new Shape(batch.size(), VocClasses.COUNT));
                        lossSum += loss.evaluate(new NDList(targets), new NDList(out.logits())).getFloat() * batch.size();
                        float[] p = out.probabilities().toFloatArray();
                        for (int i = 0; i < batch.size(); i++) {
                            float[] row = new float[VocClasses.COUNT];
                            System.arraycopy(p, i * VocClasses.COUNT, row, 0, VocClasses.COUNT);
                            evaluator.add(row, labels.get(seen + i));
                        }
                    }
                    seen += batch.size();
                }
            }
            last = evaluator;
            LinkedHashMap<String, Double> m = new LinkedHashMap<>();
            m.put("val_loss", lossSum / seen);
            m.put("val_map", evaluator.meanAveragePrecision(MAP_DEFINITION));
            m.put("val_f1", evaluator.scores(Thresholds.global(THRESHOLD, VocClasses.COUNT, false)).f1Samples());
            return m;
        }

        /** The probabilities and labels of the last {@link #evaluate} (to tune thresholds on). */
        public MultiLabelEvaluator lastScores() {
            if (last == null) {
                throw new IllegalStateException("evaluate first");
            }
            return last;
        }

        /**
         * Tunes a threshold per class on the validation probabilities (best F1; argmax fallback, so every
         * image gets a class) and saves them in thresholds.json and the best checkpoint's card, where predict
         * finds them; writes per_class.json (AP and PR curve per class, the chance mAP) for the report. Adds {@code val_f1_tuned}: the per-image F1 with those thresholds.
         */
        @Override
        public Map<String, Double> finish(Block model, NDManager manager, RunDir dir) throws IOException {
            Thresholds thresholds = lastScores().tuneThresholds(true);
            thresholds.save(dir.thresholds());
            Checkpoint.setThresholds(dir.best(), RunDir.JSON.valueToTree(thresholds));
            RunDir.writeJson(dir.perClass(), perClass(lastScores(), definition()));
            return Map.of("val_f1_tuned", lastScores().scores(thresholds).f1Samples());
        }

        @Override
        public String definition() {
            return "val_map: mean over classes of scikit-learn's average_precision_score (step-wise, VOC difficult"
                    + " labels left out); val_f1: mean per-image F1 at 0.5";
        }

        /**
         * per_class.json: each class's AP in {@link #MAP_DEFINITION} and the precision/recall points that AP
         * sums, its positives and prevalence, the mAP and the chance mAP (mean prevalence: what a model that
         * knows nothing reaches on average). JSON has no NaN: an undefined number is null.
         */
        static ObjectNode perClass(MultiLabelEvaluator scores, String definition) {
            ObjectNode out = RunDir.JSON.createObjectNode();
            out.put("definition", definition);
            out.put("images", scores.size());
            double[] ap = scores.averagePrecision(MAP_DEFINITION);
            number(out, "map", scores.meanAveragePrecision(MAP_DEFINITION));
            number(out, "chance_map", scores.chanceMeanAveragePrecision());
            ArrayNode classes = out.putArray("classes");
            for (int c = 0; c < ap.length; c++) {
                PrecisionRecallCurve curve = scores.curve(c);
                ObjectNode row = classes.addObject();
                row.put("name", VocClasses.NAMES.get(c));
                number(row, "ap", ap[c]);
                row.put("positives", curve.positives());
                row.put("images", curve.samples());
                number(row, "prevalence", curve.prevalence());
                ArrayNode precision = row.putArray("precision");
                ArrayNode recall = row.putArray("recall");
                ArrayNode threshold = row.putArray("threshold");
                for (int k = 0; k < curve.recall().length; k++) {
                    precision.add(curve.precision()[k]);
                    recall.add(curve.recall()[k]);
                    threshold.add(curve.thresholds()[k]);
                }
            }
            return out;
        }

        static void number(ObjectNode node, String field, double value) {
            if (Double.isFinite(value)) {
                node.put(field, value);
            } else {
                node.putNull(field);
            }
        }

        private float[] targets(int from, int n) {
            float[] t = new float[n * VocClasses.COUNT];
            for (int i = 0; i < n; i++) {
                Label[] l = labels.get(from + i);
                for (int c = 0; c < VocClasses.COUNT; c++) {
                    t[i * VocClasses.COUNT + c] = l[c].target();
                }
            }
            return t;
        }
    }
}
