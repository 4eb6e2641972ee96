package org.vocvision.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import java.util.List;

/**
 * A multi-label classifier's goal on (N, C) logits, one sigmoid per class. The objective is binary
 * cross-entropy on logits (torch {@code BCEWithLogitsLoss}).
 * <ul>
 *   <li>untargeted ({@link #away}): ascend the BCE to the true labels; an image succeeds (1) when its
 *       predicted label set (sigmoid &gt;= threshold) differs from the clean prediction's;
 *   <li>targeted ({@link #toward}): descend the BCE to {@code target} on the classes where {@code care}
 *       is 1; an image succeeds when every cared-for class is predicted as the target.
 * </ul>
 */
public final class LabelGoal implements Goal {

    private final NDArray truth;
    private final NDArray target;
    private final NDArray care;
    private final double threshold;

    private LabelGoal(NDArray truth, NDArray target, NDArray care, double threshold) {
        this.truth = truth;
        this.target = target;
        this.care = care;
        this.threshold = threshold;
    }

    /** Away from {@code truth}: (N, C) 0/1 float targets. */
    public static LabelGoal away(NDArray truth, double threshold) {
        return new LabelGoal(truth, null, null, threshold);
    }

    /**
     * Towards {@code target} on the classes {@code care} names (e.g. add "cat", remove "person", leave
     * the other 18 classes free).
     *
     * @param target (N, C) or (C) 0/1 floats
     * @param care (N, C) or (C) 0/1 floats
     */
    public static LabelGoal toward(NDArray target, NDArray care, double threshold) {
        return new LabelGoal(null, target, care, threshold);
    }

    @Override
    public NDArray objective(NDArray logits, double segPgdLambda) {
        if (truth != null) {
            return bce(logits, truth).mean();
        }
        NDArray weight = care.toType(DataType.FLOAT32, false).mul(logits.onesLike());
        return bce(logits, target).mul(weight).sum().div(weight.sum().maximum(1f)).neg();
    }

    @Override
    public double[] success(NDArray cleanLogits, NDArray adversarialLogits) {
        int n = (int) cleanLogits.getShape().get(0);
        double[] success = new double[n];
        if (truth != null) {
            NDArray differs = labels(cleanLogits).neq(labels(adversarialLogits));
            float[] anyChange = differs.toType(DataType.FLOAT32, false).max(new int[] {1}).toFloatArray();
            for (int i = 0; i < n; i++) {
                success[i] = anyChange[i];
            }
            return success;
        }
        NDArray weight = care.toType(DataType.FLOAT32, false).mul(adversarialLogits.onesLike());
        NDArray wanted = target.toType(DataType.FLOAT32, false).mul(adversarialLogits.onesLike()).gt(0.5f);
        NDArray missed = labels(adversarialLogits).neq(wanted).toType(DataType.FLOAT32, false).mul(weight);
        float[] misses = missed.sum(new int[] {1}).toFloatArray();
        for (int i = 0; i < n; i++) {
            success[i] = misses[i] == 0 ? 1 : 0;
        }
        return success;
    }

    @Override
    public List<NDArray> arrays() {
        return truth != null ? List.of(truth) : List.of(target, care);
    }

    /** Predicted label set: sigmoid(logit) &gt;= threshold. */
    private NDArray labels(NDArray logits) {
        return logits.getNDArrayInternal().sigmoid().gte((float) threshold);
    }

    /**
     * Element-wise BCE with logits, in the stable form max(z,0) - z*y + log(1 + exp(-|z|)).
     *
     * <p>No operation on the gradient path takes a Java number whose backward needs it (mul, div,
     * maximum, pow): DJL 0.36 turns the number into a tensor over a Java buffer, closes it right after
     * the forward, and the garbage collector may free that memory before backward reads it
     * (docs/ENGINE-NOTES.md). Hence relu, not {@code maximum(0f)}; {@code add(1f)} is safe because
     * add's backward does not read its operand.
     */
    static NDArray bce(NDArray logits, NDArray targets) {
        NDArray y = targets.toType(DataType.FLOAT32, false);
        return Activation.relu(logits).sub(logits.mul(y)).add(logits.abs().neg().exp().add(1f).log());
    }
}
