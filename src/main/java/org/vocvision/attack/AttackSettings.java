package org.vocvision.attack;

import java.util.List;
import java.util.Locale;

/**
 * What {@link AttackExperiment} runs.
 *
 * @param method fgsm, bim, pgd, mifgsm, universal or generator
 * @param norm the ball of pgd (linf or l2); the other methods are L-inf only
 * @param eps the budgets to sweep, [0,1] pixel units
 * @param steps iterations of bim/pgd/mifgsm, fitting epochs of universal/generator; 0 for the default (10 and 5)
 * @param stepSize the step of bim/pgd/mifgsm/universal; 0 or NaN for eps / 4 (torchattacks' 2/255 at its 8/255)
 * @param task what the model predicts
 * @param target a targeted goal ({@code add:cat,remove:person}; {@code vanish:person}, {@code paint:cat}), or null
 * @param limit at most this many images (the caller's batches should hold no more)
 * @param batchSize images per attacked batch
 * @param seed seeds PGD's random start and the generator's initialisation
 */
public record AttackSettings(String method, Norm norm, List<Double> eps, int steps, double stepSize, Task task,
        String target, int limit, int batchSize, long seed) {

    /** The methods {@link AttackExperiment} knows. */
    public static final List<String> METHODS = List.of("fgsm", "bim", "pgd", "mifgsm", "universal", "generator");

    public AttackSettings {
        method = method == null ? null : method.toLowerCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("unknown attack method '" + method + "'; valid: " + METHODS);
        }
        if (norm == null) {
            norm = Norm.LINF;
        }
        if (norm == Norm.L2 && !method.equals("pgd")) {
            throw new IllegalArgumentException("the L2 norm is only implemented for pgd, not " + method);
        }
        if (eps == null || eps.isEmpty()) {
            throw new IllegalArgumentException("at least one eps is needed");
        }
        eps = List.copyOf(eps);
        if (steps < 0 || limit < 1 || batchSize < 1 || task == null) {
            throw new IllegalArgumentException("attack settings need steps >= 0, limit >= 1, batch size >= 1 and a task; got steps="
                    + steps + " limit=" + limit + " batch size=" + batchSize + " task=" + task);
        }
        if (stepSize < 0) {
            throw new IllegalArgumentException("step size must be >= 0 (0 for the default), got " + stepSize);
        }
    }

    /** The iterations (bim/pgd/mifgsm) or fitting epochs (universal/generator) actually used. */
    public int stepsOrDefault() {
        if (steps > 0) {
            return steps;
        }
        return method.equals("universal") || method.equals("generator") ? 5 : 10;
    }

    /** The step size at {@code eps}: as given, or eps / 4. */
    public double stepSizeAt(double eps) {
        return stepSize > 0 ? stepSize : eps / 4;
    }

    /** The name in reports and file names: the method, with "-l2" for the L2 ball. */
    public String label() {
        return norm == Norm.L2 ? method + "-l2" : method;
    }
}
