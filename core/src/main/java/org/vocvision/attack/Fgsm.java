package org.vocvision.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;

/**
 * Fast gradient sign method (Goodfellow et al. 2015): one step of size eps along the sign of the
 * input gradient, then clipped to [0,1] (torchattacks {@code attacks/fgsm.py}).
 */
public final class Fgsm implements Attack {

    private final float eps;

    public Fgsm(double eps) {
        if (!(eps >= 0)) {
            throw new IllegalArgumentException("eps must be >= 0, got " + eps);
        }
        this.eps = (float) eps;
    }

    @Override
    public NDArray perturb(Block model, NDArray images, Goal goal) {
        if (eps == 0f) {
            return images.duplicate();
        }
        try (NDArray gradient = InputGradient.of(model, images, goal)) {
            return images.add(gradient.sign().mul(eps)).clip(0f, 1f);
        }
    }

    @Override
    public String name() {
        return "fgsm";
    }
}
