package org.vocvision.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import org.vocvision.data.VocClasses;

/**
 * The one place where an attack's objective is defined, per task and goal. Every attack ASCENDS the
 * value returned here: untargeted goals return the loss to the truth (maximise it), targeted goals
 * return minus the loss to the target (minimise the loss).
 *
 * <p>Classification uses binary cross-entropy on logits (torch {@code BCEWithLogitsLoss}), segmentation
 * per-pixel softmax cross-entropy that skips label 255 (torch {@code CrossEntropyLoss(ignore_index=255)}).
 */
final class AttackLoss {

    private AttackLoss() {}

    /** The objective without SegPGD weighting. */
    static NDArray objective(NDArray logits, Goal goal) {
        return objective(logits, goal, Double.NaN);
    }

    /**
     * The objective to ascend.
     *
     * @param segPgdLambda NaN for the plain mean; otherwise SegPGD's lambda (Gu et al. 2022, eq. 6):
     *     pixels still to fool weigh (1 - lambda), pixels already fooled weigh lambda (segmentation only)
     */
    static NDArray objective(NDArray logits, Goal goal, double segPgdLambda) {
        // Java 17: no pattern matching in switch yet
        if (goal instanceof Goal.Untargeted u) {
            return u.task() == Task.CLASSIFICATION
                    ? bce(logits, u.truth()).mean()
                    : pixelCe(logits, u.truth(), false, segPgdLambda);
        }
        if (goal instanceof Goal.TargetedLabels t) {
            NDArray care = t.care().toType(DataType.FLOAT32, false).mul(logits.onesLike());
            return bce(logits, t.target()).mul(care).sum().div(care.sum().maximum(1f)).neg();
        }
        Goal.TargetedMask t = (Goal.TargetedMask) goal;
        return pixelCe(logits, t.target(), true, segPgdLambda).neg();
    }

    /**
     * Element-wise BCE with logits, written in the stable form max(z,0) - z*y + log(1 + exp(-|z|)).
     *
     * <p>No operation on the gradient path takes a Java number whose backward needs it (mul, div,
     * maximum, pow): DJL 0.36 turns the number into a tensor over a Java buffer, closes it right after
     * the forward, and the garbage collector may free that memory before backward reads it (checked:
     * {@code x.mul(3f)} then GC then backward gave gradients of 6e15 and 4e-21). Hence relu, not
     * {@code maximum(0f)}; {@code add(1f)} is safe because add's backward does not read its operand.
     */
    static NDArray bce(NDArray logits, NDArray targets) {
        NDArray y = targets.toType(DataType.FLOAT32, false);
        return Activation.relu(logits).sub(logits.mul(y)).add(logits.abs().neg().exp().add(1f).log());
    }

    /**
     * Mean per-pixel CE over non-void pixels, optionally SegPGD-weighted.
     *
     * @param targeted whether {@code labels} is a target (a pixel is "fooled" when it already predicts
     *     the target) or the truth (a pixel is "fooled" when it no longer predicts the truth)
     */
    private static NDArray pixelCe(NDArray logits, NDArray labels, boolean targeted, double segPgdLambda) {
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
        return nll.mul(weights).sum().div(validF.sum().maximum(1f));
    }
}
