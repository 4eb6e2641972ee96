package org.vocvision.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;
import ai.djl.training.loss.Loss;

/**
 * Asymmetric Loss for multi-label classification (Ridnik et al., "Asymmetric Loss For Multi-Label
 * Classification", ICCV 2021), following the official implementation (Alibaba-MIIL/ASL,
 * {@code src/loss_functions/losses.py}, class {@code AsymmetricLoss}):
 *
 * <pre>
 *   p = sigmoid(x);  p_neg = min(1 - p + clip, 1)                 (probability shifting)
 *   L = -sum( t log(max(p, eps)) (1 - p)^gamma_pos + (1 - t) log(max(p_neg, eps)) (1 - p_neg)^gamma_neg )
 * </pre>
 *
 * Like the official code it returns the SUM over batch and classes (not the mean), and by default
 * treats the focusing weight as a constant ({@code disable_torch_grad_focal_loss=True}).
 */
public final class AsymmetricLoss extends Loss {

    private final float gammaNeg;
    private final float gammaPos;
    private final float clip;
    private final float eps;
    private final boolean constantFocusWeight;

    /**
     * @param gammaNeg focusing exponent for negatives (paper: 4)
     * @param gammaPos focusing exponent for positives (paper: 0 or 1)
     * @param clip probability margin added to negatives (paper: 0.05); 0 disables shifting
     * @param constantFocusWeight whether no gradient flows through the focusing weight
     */
    public AsymmetricLoss(float gammaNeg, float gammaPos, float clip, boolean constantFocusWeight) {
        super("AsymmetricLoss");
        if (gammaNeg < 0 || gammaPos < 0 || clip < 0 || clip >= 1) {
            throw new IllegalArgumentException("ASL needs gammas >= 0 and clip in [0, 1), got gamma_neg="
                    + gammaNeg + " gamma_pos=" + gammaPos + " clip=" + clip);
        }
        this.gammaNeg = gammaNeg;
        this.gammaPos = gammaPos;
        this.clip = clip;
        this.eps = 1e-8f;
        this.constantFocusWeight = constantFocusWeight;
    }

    /** The official defaults: gamma_neg 4, gamma_pos 1, clip 0.05, constant focusing weight. */
    public AsymmetricLoss() {
        this(4f, 1f, 0.05f, true);
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray x = predictions.singletonOrThrow();
        NDArray t = labels.singletonOrThrow().toType(x.getDataType(), false);
        NDArray anti = t.neg().add(1);
        NDArray pPos = Activation.sigmoid(x);
        NDArray pNeg = pPos.neg().add(1);
        if (clip > 0) {
            pNeg = pNeg.add(clip).clip(0f, 1f);
        }
        // clamp, not maximum/minimum with a Java number: those are unsafe on a gradient path (docs/ENGINE-NOTES.md)
        NDArray loss = t.mul(pPos.clip(eps, 1f).log()).add(anti.mul(pNeg.clip(eps, 1f).log()));
        if (gammaNeg > 0 || gammaPos > 0) {
            NDArray pt = pPos.mul(t).add(pNeg.mul(anti));
            NDArray gamma = t.mul(gammaPos).add(anti.mul(gammaNeg));
            NDArray weight = pt.neg().add(1).pow(gamma);
            if (constantFocusWeight) {
                weight = weight.stopGradient();
            }
            loss = loss.mul(weight);
        }
        return loss.sum().neg();
    }
}
