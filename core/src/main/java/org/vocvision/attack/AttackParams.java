package org.vocvision.attack;

import java.util.Objects;

/**
 * How one attack of the registry is run at each eps of a sweep.
 *
 * @param norm the ball (must be one of the attack's {@link AttackEntry#norms()})
 * @param steps iterations of an iterative attack, fitting epochs of a fitted one; 0 for the default
 *     (10 iterations, 5 epochs)
 * @param stepSize the step of an iterative or fitted attack; 0 for eps / 4 (torchattacks' 2/255 at 8/255)
 * @param segPgd SegPGD's per-pixel weighting (Gu et al. 2022), for the attacks that offer it on masks
 */
public record AttackParams(Norm norm, int steps, double stepSize, boolean segPgd) {

    /** The defaults: L-inf, default steps and step size, no SegPGD weighting. */
    public static final AttackParams DEFAULT = new AttackParams(Norm.LINF, 0, 0, false);

    public AttackParams {
        Objects.requireNonNull(norm, "norm");
        if (steps < 0) {
            throw new IllegalArgumentException("--steps must be >= 0 (0 for the default), got " + steps);
        }
        if (!(stepSize >= 0)) {
            throw new IllegalArgumentException("--step-size must be >= 0 (0 for the default), got " + stepSize);
        }
    }

    /** The step size at {@code eps}: as given, or eps / 4. */
    public double stepSizeAt(double eps) {
        return stepSize > 0 ? stepSize : eps / 4;
    }

    /** The iterations (iterative attacks) or fitting epochs (fitted attacks) actually used. */
    public int stepsFor(AttackEntry.Kind kind) {
        if (steps > 0) {
            return steps;
        }
        return switch (kind) {
            case SINGLE_STEP -> 1;
            case ITERATIVE -> 10;
            case FITTED -> 5;
        };
    }
}
