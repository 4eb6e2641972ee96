package org.vocvision.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.List;

/**
 * Stochastic gradient descent with momentum, optionally Nesterov's, step for step as
 * {@code torch.optim.SGD} (dampening 0): {@code d = g + wd p; b = d (first step) or mu b + d;
 * d = d + mu b (Nesterov) or b; p -= lr d}. Weight decay only on parameters that decay.
 */
public final class Sgd extends SlotOptimizer {

    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;

    public Sgd(double momentum, boolean nesterov, double weightDecay) {
        if (momentum < 0 || momentum >= 1 || weightDecay < 0) {
            throw new IllegalArgumentException(
                    "SGD needs momentum in [0, 1) and weight decay >= 0, got " + momentum + ", " + weightDecay);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("Nesterov momentum needs momentum > 0");
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
    }

    @Override
    public void step(List<TrainableParameter> parameters, double learningRate) {
        for (TrainableParameter p : parameters) {
            NDArray weight = p.parameter().getArray();
            boolean first = momentum > 0 && !state.has("momentum_buffer", p);
            NDArray buffer = momentum > 0 ? state.get("momentum_buffer", p) : null;
            try (NDScope scope = new NDScope()) {
                NDArray d = weight.getGradient();
                if (p.decays() && weightDecay > 0) {
                    d = d.add(weight.mul(weightDecay));
                }
                if (buffer != null) {
                    if (first) {
                        buffer.addi(d);
                    } else {
                        buffer.muli(momentum).addi(d);
                    }
                    d = nesterov ? d.add(buffer.mul(momentum)) : buffer;
                }
                weight.subi(d.mul(learningRate * p.lrMultiplier()));
                scope.suppressNotUsedWarning();
            }
        }
    }
}
