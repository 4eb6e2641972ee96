package org.vocvision.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;

/**
 * Basic iterative method, I-FGSM (Kurakin et al. 2017): FGSM steps of size alpha from the clean
 * image, clipped into the L-inf eps ball and [0,1] after each. That is PGD without the random start;
 * by the paper's default the number of steps is min(eps*255 + 4, 1.25 eps*255) with alpha = 1/255.
 */
public final class Bim implements Attack {

    private final Pgd pgd;

    public Bim(double eps, double alpha, int steps) {
        this.pgd = Pgd.builder().setEps(eps).optAlpha(alpha).optSteps(steps).optNorm(Norm.LINF)
                .optRandomStart(false).build("bim");
    }

    /** Kurakin et al.'s schedule: alpha = 1/255, steps = min(eps*255 + 4, 1.25 eps*255), at least 1. */
    public static Bim withPaperSchedule(double eps) {
        int steps = (int) Math.max(1, Math.min(eps * 255 + 4, 1.25 * eps * 255));
        return new Bim(eps, 1.0 / 255, steps);
    }

    @Override
    public NDArray perturb(Block model, NDArray images, Goal goal) {
        return pgd.perturb(model, images, goal);
    }

    @Override
    public String name() {
        return "bim";
    }
}
