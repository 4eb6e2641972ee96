package org.vocvision.metric;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import org.vocvision.data.VocClasses;

/**
 * A segmentation confusion matrix (rows truth, columns prediction) accumulated pixel by pixel,
 * skipping void (255) truth pixels, from which the usual segmentation scores derive
 * (torchvision references/segmentation/utils.py {@code ConfusionMatrix}).
 *
 * <p>A class that is neither in the truth nor predicted has an undefined (NaN) IoU and accuracy
 * and is left out of the means, as mmsegmentation's {@code nanmean} does; torchvision's reference
 * reports it as 0 instead, which lowers mIoU on subsets missing some classes.
 */
public final class ConfusionMatrix {

    private final int classes;
    private final long[] counts;

    /** A matrix for background plus the 20 VOC classes. */
    public ConfusionMatrix() {
        this(VocClasses.COUNT + 1);
    }

    public ConfusionMatrix(int classes) {
        if (classes <= 0 || classes > VocClasses.VOID) {
            throw new IllegalArgumentException("classes must be 1..255, got " + classes);
        }
        this.classes = classes;
        this.counts = new long[classes * classes];
    }

    public int classes() {
        return classes;
    }

    /** Pixels with truth {@code t} predicted as {@code p}. */
    public long count(int t, int p) {
        return counts[t * classes + p];
    }

    /** Adds the pixels from {@code offset}, {@code length} of them, of unsigned-byte class maps. */
    public void update(byte[] truth, byte[] predicted, int offset, int length) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " true pixels but " + predicted.length + " predicted");
        }
        for (int i = offset, end = offset + length; i < end; i++) {
            add(truth[i] & 0xFF, predicted[i] & 0xFF, i);
        }
    }

    /** Adds all pixels of unsigned-byte class maps (e.g. {@code Mask.values()} or {@code Batch.masks()}). */
    public void update(byte[] truth, byte[] predicted) {
        update(truth, predicted, 0, truth.length);
    }

    /** Adds all pixels of integer class maps. */
    public void update(int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " true pixels but " + predicted.length + " predicted");
        }
        for (int i = 0; i < truth.length; i++) {
            add(truth[i], predicted[i], i);
        }
    }

    /** Adds class maps held as NDArrays of any integer type and equal shape, e.g. (N, H, W). */
    public void update(NDArray truth, NDArray predicted) {
        if (!truth.getShape().equals(predicted.getShape())) {
            throw new IllegalArgumentException("truth is " + truth.getShape() + " but prediction is " + predicted.getShape());
        }
        update(truth.toType(DataType.INT32, false).toIntArray(), predicted.toType(DataType.INT32, false).toIntArray());
    }

    private void add(int t, int p, int pixel) {
        if (t == VocClasses.VOID) {
            return;
        }
        if (t < 0 || t >= classes) {
            throw new IllegalArgumentException("true class " + t + " at pixel " + pixel + " is outside 0.." + (classes - 1) + " and not void");
        }
        if (p < 0 || p >= classes) {
            throw new IllegalArgumentException("predicted class " + p + " at pixel " + pixel + " is outside 0.." + (classes - 1));
        }
        counts[t * classes + p]++;
    }

    /**
     * The matrix of a model that predicts class {@code c} for every pixel, on the same truth: each row's
     * pixels all in column {@code c}. Its {@link #meanIou()} with {@code c = 0} is the all-background
     * baseline: background's IoU is its share of the pixels, every other present class's IoU is 0.
     */
    public ConfusionMatrix ifAllPredicted(int c) {
        if (c < 0 || c >= classes) {
            throw new IllegalArgumentException("class " + c + " is outside 0.." + (classes - 1));
        }
        ConfusionMatrix constant = new ConfusionMatrix(classes);
        for (int t = 0; t < classes; t++) {
            constant.counts[t * classes + c] = rowSum(t);
        }
        return constant;
    }

    /** Merges another matrix's counts into this one (e.g. from another worker). */
    public void add(ConfusionMatrix other) {
        if (other.classes != classes) {
            throw new IllegalArgumentException("cannot add a " + other.classes + "-class matrix to a " + classes + "-class one");
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
    }

    public void reset() {
        Arrays.fill(counts, 0);
    }

    /** Non-void pixels counted. */
    public long total() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /** Per class: TP / (TP + FP + FN); NaN for a class neither present nor predicted. */
    public double[] iou() {
        double[] iou = new double[classes];
        for (int c = 0; c < classes; c++) {
            long union = rowSum(c) + columnSum(c) - count(c, c);
            iou[c] = union == 0 ? Double.NaN : (double) count(c, c) / union;
        }
        return iou;
    }

    /** The mean IoU over the classes that are present or predicted. */
    public double meanIou() {
        return nanMean(iou());
    }

    /** The fraction of non-void pixels predicted right. */
    public double pixelAccuracy() {
        long right = 0;
        for (int c = 0; c < classes; c++) {
            right += count(c, c);
        }
        long total = total();
        return total == 0 ? Double.NaN : (double) right / total;
    }

    /** Per class: the fraction of its true pixels predicted right (recall); NaN for an absent class. */
    public double[] classAccuracy() {
        double[] accuracy = new double[classes];
        for (int c = 0; c < classes; c++) {
            long row = rowSum(c);
            accuracy[c] = row == 0 ? Double.NaN : (double) count(c, c) / row;
        }
        return accuracy;
    }

    /** The mean of {@link #classAccuracy()} over present classes. */
    public double meanClassAccuracy() {
        return nanMean(classAccuracy());
    }

    /** Frequency-weighted IoU (Long et al. 2015, FCN): IoU weighted by each class's share of true pixels. */
    public double frequencyWeightedIou() {
        long total = total();
        if (total == 0) {
            return Double.NaN;
        }
        double[] iou = iou();
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            long row = rowSum(c);
            if (row > 0) {
                sum += (double) row / total * iou[c];
            }
        }
        return sum;
    }

    private long rowSum(int t) {
        long s = 0;
        for (int p = 0; p < classes; p++) {
            s += counts[t * classes + p];
        }
        return s;
    }

    private long columnSum(int p) {
        long s = 0;
        for (int t = 0; t < classes; t++) {
            s += counts[t * classes + p];
        }
        return s;
    }

    static double nanMean(double[] values) {
        return Arrays.stream(values).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }
}
