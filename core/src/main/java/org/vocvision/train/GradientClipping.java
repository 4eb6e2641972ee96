package org.vocvision.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.List;

/**
 * Rescales all gradients together so their global L2 norm is at most {@code maxNorm}, as torch's
 * {@code clip_grad_norm_}: coefficient {@code maxNorm / (norm + 1e-6)}, applied only when below 1.
 */
final class GradientClipping {

    private GradientClipping() {}

    /** Clips in place and returns the norm before clipping. */
    static double clipGlobalNorm(List<TrainableParameter> parameters, double maxNorm) {
        try (NDScope scope = new NDScope()) {
            double squares = 0;
            for (TrainableParameter p : parameters) {
                NDArray grad = p.parameter().getArray().getGradient();
                squares += grad.mul(grad).sum().getFloat();
            }
            double norm = Math.sqrt(squares);
            double coefficient = maxNorm / (norm + 1e-6);
            if (coefficient < 1) {
                for (TrainableParameter p : parameters) {
                    p.parameter().getArray().getGradient().muli(coefficient);
                }
            }
            scope.suppressNotUsedWarning();
            return norm;
        }
    }
}
