package org.vocvision.metric;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.vocvision.data.Label;

/**
 * Accumulates class scores and labels batch by batch, then reports AP/mAP, thresholded scores and
 * F1-tuned thresholds. Keeps every score (N x C floats): ranking metrics need them all.
 *
 * <p>Labels are kept as the VOC devkit writes them: 1 present, -1 absent, 0 difficult. AP skips
 * difficult samples (as {@code VOCevalcls.m}); the thresholded scores count them as present, as
 * the training targets do ({@link Label#target()}).
 */
public final class MultiLabelEvaluator {

    /** The threshold a class gets when the validation data has no positive for it to tune on. */
    static final float UNTUNED = 0.5f;

    private final int classes;
    private float[] scores = new float[0];
    private byte[] truth = new byte[0];
    private int size;

    public MultiLabelEvaluator(int classes) {
        if (classes <= 0) {
            throw new IllegalArgumentException("classes must be positive, got " + classes);
        }
        this.classes = classes;
    }

    /** Adds one image's class scores (probabilities) and labels; an unknown label throws. */
    public void add(float[] imageScores, Label[] labels) {
        checkLength(imageScores.length, labels.length);
        byte[] devkit = new byte[classes];
        for (int c = 0; c < classes; c++) {
            devkit[c] = switch (labels[c]) {
                case PRESENT -> 1;
                case ABSENT -> -1;
                case DIFFICULT -> 0;
                case UNKNOWN -> throw new IllegalArgumentException("class " + c + " has no label: evaluation needs labelled data");
            };
        }
        append(imageScores, devkit, 1);
    }

    /** Adds a batch: N x C scores and N x C 0/1 targets, row-major (as {@code data.Batch} holds them). */
    public void add(float[] batchScores, float[] targets) {
        if (batchScores.length != targets.length || batchScores.length % classes != 0) {
            throw new IllegalArgumentException("expected N x " + classes + " scores and targets, got "
                    + batchScores.length + " and " + targets.length);
        }
        byte[] devkit = new byte[targets.length];
        for (int i = 0; i < targets.length; i++) {
            devkit[i] = (byte) (targets[i] > 0.5f ? 1 : -1);
        }
        append(batchScores, devkit, targets.length / classes);
    }

    /** Adds a batch of (N, C) probabilities with N x C 0/1 targets. */
    public void add(NDArray probabilities, float[] targets) {
        add(probabilities.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray(), targets);
    }

    /** Images added so far. */
    public int size() {
        return size;
    }

    /** AP of each class under {@code method} (NaN where the method leaves it undefined). */
    public double[] averagePrecision(AveragePrecision method) {
        double[] ap = new double[classes];
        for (int c = 0; c < classes; c++) {
            ap[c] = method.compute(column(scores, c), columnTruth(c));
        }
        return ap;
    }

    /**
     * The mean of the classes' AP, skipping undefined (NaN) ones: the VOC definitions are undefined
     * for a class with no positive image, scikit-learn's gives it 0 and so keeps it in its mean.
     */
    public double meanAveragePrecision(AveragePrecision method) {
        return Arrays.stream(averagePrecision(method)).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }

    /** Class {@code c}'s precision/recall curve: the points its {@link AveragePrecision#SKLEARN} AP sums. */
    public PrecisionRecallCurve curve(int c) {
        requireImages();
        if (c < 0 || c >= classes) {
            throw new IllegalArgumentException("class " + c + " is outside 0.." + (classes - 1));
        }
        return PrecisionRecallCurve.of(column(scores, c), columnTruth(c));
    }

    /**
     * The chance (prior) mAP: the mean over classes of each class's prevalence (positives over the
     * images that are not difficult for it), the expected AP of a ranking that knows nothing. A class
     * with no positive counts 0, as scikit-learn's AP counts it; a class whose every image is difficult
     * is left out, as the mAP leaves out its NaN.
     */
    public double chanceMeanAveragePrecision() {
        requireImages();
        double sum = 0;
        int n = 0;
        for (int c = 0; c < classes; c++) {
            double p = curve(c).prevalence();
            if (!Double.isNaN(p)) {
                sum += p;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Thresholded scores of the decisions {@code thresholds} make. */
    public MultiLabelScores scores(Thresholds thresholds) {
        requireImages();
        if (thresholds.values().length != classes) {
            throw new IllegalArgumentException("thresholds are for " + thresholds.values().length + " classes, scores for " + classes);
        }
        boolean[][] t = new boolean[size][classes];
        boolean[][] p = new boolean[size][];
        for (int i = 0; i < size; i++) {
            for (int c = 0; c < classes; c++) {
                t[i][c] = truth[i * classes + c] >= 0; // difficult counts as present
            }
            p[i] = thresholds.apply(scores, i * classes);
        }
        return MultiLabelScores.of(t, p);
    }

    /**
     * Per-class thresholds that maximise each class's F1 on the data added (difficult samples
     * skipped). A class's threshold lies midway between the lowest score it still predicts at its best
     * F1 and the next lower score (half that score when none is lower): a threshold equal to a validation
     * score would flip that image's label with the last-bit noise of another batch size or thread count.
     * Among equal F1 the highest cut wins. A class with no positive keeps {@value #UNTUNED}.
     */
    public Thresholds tuneThresholds(boolean argmaxFallback) {
        requireImages();
        float[] values = new float[classes];
        for (int c = 0; c < classes; c++) {
            values[c] = bestF1Threshold(column(scores, c), columnTruth(c));
        }
        return new Thresholds(values, argmaxFallback);
    }

    static float bestF1Threshold(float[] scores, byte[] truth) {
        Integer[] order = IntStream.range(0, scores.length).filter(i -> truth[i] != 0).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> -scores[i]));
        int positives = 0;
        for (int i : order) {
            positives += truth[i] > 0 ? 1 : 0;
        }
        if (positives == 0) {
            return UNTUNED;
        }
        double bestF1 = -1;
        float best = UNTUNED;
        int tp = 0;
        for (int k = 0; k < order.length; k++) {
            tp += truth[order[k]] > 0 ? 1 : 0;
            boolean lastOfTie = k == order.length - 1 || scores[order[k + 1]] != scores[order[k]];
            if (lastOfTie) {
                // predicting the k + 1 highest: F1 = 2 TP / (predicted + positives)
                double f1 = 2.0 * tp / (k + 1 + positives);
                if (f1 > bestF1) {
                    bestF1 = f1;
                    double next = k == order.length - 1 ? 0 : scores[order[k + 1]];
                    best = (float) ((scores[order[k]] + next) / 2);
                }
            }
        }
        return best;
    }

    private void append(float[] newScores, byte[] newTruth, int images) {
        int needed = (size + images) * classes;
        if (needed > scores.length) {
            int capacity = Math.max(needed, scores.length * 2);
            scores = Arrays.copyOf(scores, capacity);
            truth = Arrays.copyOf(truth, capacity);
        }
        System.arraycopy(newScores, 0, scores, size * classes, images * classes);
        System.arraycopy(newTruth, 0, truth, size * classes, images * classes);
        size += images;
    }

    private float[] column(float[] values, int c) {
        float[] column = new float[size];
        for (int i = 0; i < size; i++) {
            column[i] = values[i * classes + c];
        }
        return column;
    }

    private byte[] columnTruth(int c) {
        byte[] column = new byte[size];
        for (int i = 0; i < size; i++) {
            column[i] = truth[i * classes + c];
        }
        return column;
    }

    private void checkLength(int scoreCount, int labelCount) {
        if (scoreCount != classes || labelCount != classes) {
            throw new IllegalArgumentException("expected " + classes + " scores and labels, got " + scoreCount + " and " + labelCount);
        }
    }

    private void requireImages() {
        if (size == 0) {
            throw new IllegalStateException("no images added");
        }
    }
}
