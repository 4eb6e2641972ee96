package org.vocvision.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.vocvision.data.VocClasses;

/**
 * A segmenter's goal on (N, C, H, W) logits, softmax over classes per pixel. The objective is the mean
 * per-pixel cross-entropy over non-void pixels (torch {@code CrossEntropyLoss(ignore_index=255)}),
 * optionally SegPGD-weighted.
 * <ul>
 *   <li>untargeted ({@link #away}): ascend the CE to the true mask; per image, of the non-void pixels the
 *       model got right on the clean image, the fraction it now gets wrong (NaN when it got none right);
 *   <li>targeted ({@link #toward}, {@link #vanish}, {@link #paint}): descend the CE to a target mask whose
 *       255 pixels are free; per image, the fraction of the target's non-255 pixels predicted as the
 *       target (NaN when none).
 * </ul>
 */
public final class MaskGoal implements Goal {

    private final NDArray labels;
    private final boolean targeted;

    private MaskGoal(NDArray labels, boolean targeted) {
        this.labels = labels;
        this.targeted = targeted;
    }

    /** Away from the true masks: (N, H, W) class indices, 255 void. */
    public static MaskGoal away(NDArray truth) {
        return new MaskGoal(truth, false);
    }

    /** Towards a target mask: (N, H, W) class indices, 255 = don't care. */
    public static MaskGoal toward(NDArray target) {
        return new MaskGoal(target, true);
    }

    /**
     * Class {@code cls} vanishes into background: pixels predicted as {@code cls} must become 0, every
     * other pixel keeps its clean prediction.
     *
     * @param cleanPrediction (N, H, W) argmax of the clean logits
     */
    public static MaskGoal vanish(NDArray cleanPrediction, int cls) {
        NDArray prediction = cleanPrediction.toType(DataType.INT64, false);
        NDArray isClass = prediction.eq(cls).toType(DataType.INT64, false);
        return toward(prediction.mul(isClass.neg().add(1)));
    }

    /**
     * Paint a region as class {@code cls}; pixels outside the region are free.
     *
     * @param region (N, H, W) boolean or 0/1: where the class must appear
     */
    public static MaskGoal paint(NDArray region, int cls) {
        NDArray inside = region.toType(DataType.INT64, false);
        return toward(inside.mul(cls - 255).add(255)); // inside -> cls, outside -> 255
    }

    /** The mask the goal is stated against: the truth, or the target. */
    public NDArray labels() {
        return labels;
    }

    @Override
    public NDArray objective(NDArray logits, double segPgdLambda) {
        NDArray lab = labels.toType(DataType.INT64, false);
        NDArray valid = lab.neq(VocClasses.VOID);
        NDArray safe = lab.mul(valid.toType(DataType.INT64, false)).expandDims(1); // 255 -> 0, (N,1,H,W)
        NDArray nll = logits.logSoftmax(1).gather(safe, 1).squeeze(1).neg(); // (N,H,W)
        NDArray validF = valid.toType(DataType.FLOAT32, false);
        NDArray weights = validF;
        if (!Double.isNaN(segPgdLambda)) {
            NDArray matches = logits.argMax(1).eq(lab).toType(DataType.FLOAT32, false);
            NDArray fooled = targeted ? matches : matches.neg().add(1f);
            float lambda = (float) segPgdLambda;
            weights = fooled.mul(lambda).add(fooled.neg().add(1f).mul(1f - lambda)).mul(validF);
        }
        NDArray ce = nll.mul(weights).sum().div(validF.sum().maximum(1f));
        return targeted ? ce.neg() : ce;
    }

    @Override
    public double[] success(NDArray cleanLogits, NDArray adversarialLogits) {
        double[] success = new double[(int) cleanLogits.getShape().get(0)];
        NDArray lab = labels.toType(DataType.INT64, false);
        NDArray valid = lab.neq(VocClasses.VOID);
        if (targeted) {
            NDArray reached = adversarialLogits.argMax(1).eq(lab).logicalAnd(valid);
            ratio(count(reached), count(valid), success);
        } else {
            NDArray rightBefore = cleanLogits.argMax(1).eq(lab).logicalAnd(valid);
            NDArray wrongAfter = adversarialLogits.argMax(1).neq(lab).logicalAnd(rightBefore);
            ratio(count(wrongAfter), count(rightBefore), success);
        }
        return success;
    }

    @Override
    public List<NDArray> arrays() {
        return List.of(labels);
    }

    private static float[] count(NDArray pixels) {
        long n = pixels.getShape().get(0);
        return pixels.toType(DataType.FLOAT32, false).reshape(n, -1).sum(new int[] {1}).toFloatArray();
    }

    private static void ratio(float[] numerator, float[] denominator, double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = denominator[i] == 0 ? Double.NaN : numerator[i] / (double) denominator[i];
        }
    }
}
