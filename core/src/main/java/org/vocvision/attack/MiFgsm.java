package org.vocvision.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

/**
 * Momentum iterative FGSM (Dong et al. 2018; torchattacks {@code attacks/mifgsm.py}): the step follows
 * the sign of an accumulated gradient g = decay * g + grad / mean|grad|, which stabilises the direction
 * and transfers better to other models.
 */
public final class MiFgsm implements Attack {

    private final float eps;
    private final float alpha;
    private final int steps;
    private final float decay;

    public MiFgsm(double eps, double alpha, int steps, double decay) {
        if (!(eps >= 0) || !(alpha > 0) || steps < 1 || !(decay >= 0)) {
            throw new IllegalArgumentException("MI-FGSM needs eps >= 0, alpha > 0, steps >= 1, decay >= 0; got eps="
                    + eps + " alpha=" + alpha + " steps=" + steps + " decay=" + decay);
        }
        this.eps = (float) eps;
        this.alpha = (float) alpha;
        this.steps = steps;
        this.decay = (float) decay;
    }

    /** torchattacks' defaults: 10 steps of 2/255, decay 1. */
    public MiFgsm(double eps) {
        this(eps, 2.0 / 255, 10, 1.0);
    }

    @Override
    public NDArray perturb(Block model, NDArray images, Goal goal) {
        NDManager home = images.getManager();
        NDArray adversarial = images.duplicate();
        NDArray momentum = images.zerosLike();
        long perImage = images.getShape().size() / images.getShape().get(0);
        for (int t = 0; t < steps; t++) {
            try (NDManager step = home.newSubManager()) {
                adversarial.attach(step);
                momentum.attach(step);
                NDArray gradient = InputGradient.of(model, adversarial, goal);
                NDArray meanAbs = gradient.abs().sum(new int[] {1, 2, 3}, true).div(perImage).add(1e-12f);
                NDArray nextMomentum = momentum.mul(decay).add(gradient.div(meanAbs));
                NDArray next = Norm.LINF.projectImages(adversarial.add(nextMomentum.sign().mul(alpha)), images, eps);
                next.attach(home);
                nextMomentum.attach(home);
                adversarial = next;
                momentum = nextMomentum;
            }
        }
        momentum.close();
        return adversarial;
    }

    @Override
    public String name() {
        return "mifgsm";
    }
}
