package org.vocvision.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.vocvision.data.VocClasses;

/**
 * Whether an attack reached its goal, per image (a value in [0,1], or NaN when the image cannot count):
 * <ul>
 *   <li>untargeted classification: 1 when the predicted label set (sigmoid &gt;= threshold) differs from
 *       the clean prediction, else 0;
 *   <li>untargeted segmentation: of the non-void pixels the model got right on the clean image, the
 *       fraction it now gets wrong (NaN when it got none right);
 *   <li>targeted labels: 1 when every class the goal cares about is predicted as the target, else 0;
 *   <li>targeted mask: the fraction of the target's non-255 pixels predicted as the target (NaN when none).
 * </ul>
 * A success rate is the mean over the images that count.
 */
public final class AttackSuccess {

    private AttackSuccess() {}

    /** Per-image success of adversarial logits against clean logits under {@code goal}. */
    public static double[] perImage(Goal goal, NDArray cleanLogits, NDArray adversarialLogits, double threshold) {
        int n = (int) cleanLogits.getShape().get(0);
        double[] success = new double[n];
        if (goal instanceof Goal.Untargeted u && u.task() == Task.CLASSIFICATION) {
            NDArray differs = labels(cleanLogits, threshold).neq(labels(adversarialLogits, threshold));
            float[] anyChange = differs.toType(DataType.FLOAT32, false).max(new int[] {1}).toFloatArray();
            for (int i = 0; i < n; i++) {
                success[i] = anyChange[i];
            }
        } else if (goal instanceof Goal.Untargeted u) {
            NDArray truth = u.truth().toType(DataType.INT64, false);
            NDArray valid = truth.neq(VocClasses.VOID);
            NDArray rightBefore = cleanLogits.argMax(1).eq(truth).logicalAnd(valid);
            NDArray wrongAfter = adversarialLogits.argMax(1).neq(truth).logicalAnd(rightBefore);
            ratio(count(wrongAfter), count(rightBefore), success);
        } else if (goal instanceof Goal.TargetedLabels t) {
            NDArray care = t.care().toType(DataType.FLOAT32, false).mul(adversarialLogits.onesLike());
            NDArray target = t.target().toType(DataType.FLOAT32, false).mul(adversarialLogits.onesLike());
            NDArray missed = labels(adversarialLogits, threshold).neq(target.gt(0.5f)).toType(DataType.FLOAT32, false).mul(care);
            float[] misses = missed.sum(new int[] {1}).toFloatArray();
            for (int i = 0; i < n; i++) {
                success[i] = misses[i] == 0 ? 1 : 0;
            }
        } else {
            NDArray target = ((Goal.TargetedMask) goal).target().toType(DataType.INT64, false);
            NDArray cared = target.neq(VocClasses.VOID);
            NDArray reached = adversarialLogits.argMax(1).eq(target).logicalAnd(cared);
            ratio(count(reached), count(cared), success);
        }
        return success;
    }

    /** Mean of the values that are not NaN; NaN when none. */
    public static double rate(double[] perImage) {
        double sum = 0;
        int count = 0;
        for (double v : perImage) {
            if (!Double.isNaN(v)) {
                sum += v;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** Predicted label set: sigmoid(logit) &gt;= threshold. */
    static NDArray labels(NDArray logits, double threshold) {
        return logits.getNDArrayInternal().sigmoid().gte((float) threshold);
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
