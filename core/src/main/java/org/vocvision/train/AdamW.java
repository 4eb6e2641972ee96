package org.vocvision.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, ICLR 2019), step for step as
 * {@code torch.optim.AdamW}: {@code p *= 1 - lr wd; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2;
 * p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}, with a step count t per parameter.
 */
public final class AdamW extends SlotOptimizer {

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;

    public AdamW(double beta1, double beta2, double eps, double weightDecay) {
        if (beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1 || eps <= 0 || weightDecay < 0) {
            throw new IllegalArgumentException("AdamW needs betas in [0,1), eps > 0, weight decay >= 0, got "
                    + beta1 + ", " + beta2 + ", " + eps + ", " + weightDecay);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    /** torch's defaults (betas 0.9/0.999, eps 1e-8) with the given weight decay. */
    public AdamW(double weightDecay) {
        this(0.9, 0.999, 1e-8, weightDecay);
    }

    @Override
    public void step(List<TrainableParameter> parameters, double learningRate) {
        for (TrainableParameter p : parameters) {
            NDArray weight = p.parameter().getArray();
            NDArray m = state.get("exp_avg", p);
            NDArray v = state.get("exp_avg_sq", p);
            NDArray count = state.scalar("step", p);
            try (NDScope scope = new NDScope()) {
                NDArray grad = weight.getGradient();
                double lr = learningRate * p.lrMultiplier();
                count.addi(1f);
                double t = count.getFloat();
                if (p.decays() && weightDecay > 0) {
                    weight.muli(1 - lr * weightDecay);
                }
                m.muli(beta1).addi(grad.mul(1 - beta1));
                v.muli(beta2).addi(grad.mul(grad).mul(1 - beta2));
                double bias1 = 1 - Math.pow(beta1, t);
                double bias2 = 1 - Math.pow(beta2, t);
                NDArray denominator = v.sqrt().div(Math.sqrt(bias2)).add(eps);
                weight.subi(m.div(denominator).mul(lr / bias1));
                scope.suppressNotUsedWarning();
            }
        }
    }
}
