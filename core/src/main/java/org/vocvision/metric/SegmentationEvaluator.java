package org.vocvision.metric;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.vocvision.data.Mask;

/** Accumulates predicted and true masks image by image or batch by batch: a confusion matrix and the per-image Dice. */
public final class SegmentationEvaluator {

    private final ConfusionMatrix matrix = new ConfusionMatrix();
    private double diceSum;
    private int images;

    /** Adds one image's true and predicted masks. */
    public void add(Mask truth, Mask predicted) {
        if (truth.height() != predicted.height() || truth.width() != predicted.width()) {
            throw new IllegalArgumentException("truth is " + truth.height() + "x" + truth.width()
                    + " but prediction is " + predicted.height() + "x" + predicted.width());
        }
        addImages(truth.values(), predicted.values(), 1);
    }

    /** Adds a batch of N masks of H x W pixels each, as unsigned bytes in row-major order ({@code data.Batch} masks). */
    public void add(byte[] truth, byte[] predicted, int images) {
        if (images <= 0 || truth.length != predicted.length || truth.length % images != 0) {
            throw new IllegalArgumentException("expected " + images + " equal-sized masks in " + truth.length
                    + " true and " + predicted.length + " predicted pixels");
        }
        addImages(truth, predicted, images);
    }

    /** Adds a batch of (N, H, W) class maps, any integer type. */
    public void add(NDArray truth, NDArray predicted) {
        Shape shape = truth.getShape();
        if (shape.dimension() != 3 || !shape.equals(predicted.getShape())) {
            throw new IllegalArgumentException("expected two (N, H, W) class maps, got " + shape + " and " + predicted.getShape());
        }
        add(bytes(truth), bytes(predicted), (int) shape.get(0));
    }

    private void addImages(byte[] truth, byte[] predicted, int count) {
        int pixels = truth.length / count;
        matrix.update(truth, predicted);
        for (int i = 0; i < count; i++) {
            diceSum += ImageDice.segmentation(truth, predicted, i * pixels, pixels);
        }
        images += count;
    }

    private static byte[] bytes(NDArray classes) {
        int[] values = classes.toType(DataType.INT32, false).toIntArray();
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] > 255) {
                throw new IllegalArgumentException("class value " + values[i] + " at element " + i + " is not 0..255");
            }
            b[i] = (byte) values[i];
        }
        return b;
    }

    /** The confusion matrix so far (live: later additions show in it). */
    public ConfusionMatrix confusionMatrix() {
        return matrix;
    }

    public SegmentationScores scores() {
        if (images == 0) {
            throw new IllegalStateException("no images added");
        }
        return new SegmentationScores(matrix.meanIou(), matrix.pixelAccuracy(), matrix.meanClassAccuracy(),
                matrix.frequencyWeightedIou(), diceSum / images, matrix.iou(), images);
    }

    public void reset() {
        matrix.reset();
        diceSum = 0;
        images = 0;
    }
}
