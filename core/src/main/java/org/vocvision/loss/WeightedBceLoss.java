package org.vocvision.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;

/**
 * Multi-label sigmoid binary cross-entropy on logits with an optional per-class positive weight
 * and optional label smoothing; the mean over all elements, as torch's
 * {@code BCEWithLogitsLoss(pos_weight=w)}: {@code -(w t log s(x) + (1 - t) log s(-x))}.
 *
 * <p>Written in log-sigmoid form, {@code log s(x) = -softplus(-x)}, so logits of +-100 give finite
 * losses and gradients. Smoothing replaces targets by {@code t (1 - s) + s / 2}.
 */
public final class WeightedBceLoss extends Loss {

    private final float[] posWeight;
    private final float smoothing;

    /**
     * @param posWeight one weight per class for the positive term, or {@code null} for none
     * @param smoothing label smoothing in [0, 1)
     */
    public WeightedBceLoss(float[] posWeight, float smoothing) {
        super("WeightedBceLoss");
        if (smoothing < 0 || smoothing >= 1) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + smoothing);
        }
        this.posWeight = posWeight == null ? null : posWeight.clone();
        this.smoothing = smoothing;
    }

    /** Plain BCE on logits: no class weights, no smoothing. */
    public WeightedBceLoss() {
        this(null, 0f);
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray x = predictions.singletonOrThrow();
        NDArray t = labels.singletonOrThrow().toType(x.getDataType(), false);
        if (smoothing > 0) {
            t = t.mul(1 - smoothing).add(smoothing / 2);
        }
        NDArray logSigPos = logSigmoid(x);
        NDArray logSigNeg = logSigmoid(x.neg());
        NDArray positive = t.mul(logSigPos);
        if (posWeight != null) {
            long classes = x.getShape().get(x.getShape().dimension() - 1);
            if (posWeight.length != classes) {
                throw new IllegalArgumentException(
                        "pos_weight has " + posWeight.length + " classes, logits have " + classes);
            }
            positive = positive.mul(x.getManager().create(posWeight).toType(x.getDataType(), false));
        }
        NDArray negative = t.neg().add(1).mul(logSigNeg);
        return positive.add(negative).neg().mean();
    }

    /**
     * log(sigmoid(x)) = -softplus(-x) = min(x, 0) - log(1 + exp(-abs(x))), stable for any x; min(x, 0)
     * is written x - relu(x) because a Java-number operand is unsafe on a gradient path
     * (docs/ENGINE-NOTES.md).
     */
    static NDArray logSigmoid(NDArray x) {
        return x.sub(Activation.relu(x)).sub(x.abs().neg().exp().add(1f).log());
    }
}
