package org.vocvision.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;
import org.vocvision.data.VocClasses;

/**
 * Per-pixel softmax cross-entropy over (N, C, H, W) logits and (N, H, W) class indices that skips
 * void pixels (255), with optional class weights; equals torch's
 * {@code CrossEntropyLoss(weight=w, ignore_index=255)}: {@code sum(w_y nll) / sum(w_y)} over valid
 * pixels. DJL's SoftmaxCrossEntropyLoss crashes on label 255 (DJL-NOTES.md).
 *
 * <p>A batch without any valid pixel gives 0 (torch gives NaN), so one all-void crop cannot poison
 * the weights.
 */
public final class IgnoreIndexCrossEntropy extends Loss {

    private final float[] classWeights;

    /** @param classWeights one weight per class, or {@code null} for the plain mean over valid pixels */
    public IgnoreIndexCrossEntropy(float[] classWeights) {
        super("IgnoreIndexCrossEntropy");
        this.classWeights = classWeights == null ? null : classWeights.clone();
    }

    public IgnoreIndexCrossEntropy() {
        this(null);
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.singletonOrThrow();
        NDArray label = labels.singletonOrThrow().toType(DataType.INT64, false);
        NDArray valid = label.neq(VocClasses.VOID).toType(logits.getDataType(), false);
        // void pixels point at class 0 for the gather; their term is multiplied by 0 afterwards
        NDArray safe = label.mul(label.neq(VocClasses.VOID).toType(DataType.INT64, false)).expandDims(1);
        NDArray nll = logits.logSoftmax(1).gather(safe, 1).squeeze(1).neg();
        NDArray weight = valid;
        if (classWeights != null) {
            long classes = logits.getShape().get(1);
            if (classWeights.length != classes) {
                throw new IllegalArgumentException(
                        "class weights have " + classWeights.length + " classes, logits have " + classes);
            }
            NDArray w = logits.getManager().create(classWeights).toType(logits.getDataType(), false);
            weight = safe.squeeze(1).oneHot((int) classes, logits.getDataType()).mul(w).sum(new int[] {-1}).mul(valid);
        }
        return nll.mul(weight).sum().div(weight.sum().maximum(1e-12f));
    }
}
