package org.vocvision.attack;

import java.util.List;

/**
 * One robustness sweep: which registered attack, how it runs, the budgets, and on how many images.
 *
 * @param method a name of the {@link Attacks} registry
 * @param params norm, steps, step size, SegPGD weighting
 * @param eps the budgets to sweep, [0,1] pixel units
 * @param target a targeted goal in the task's words ({@code add:cat,remove:person}; {@code vanish:person},
 *     {@code paint:cat}), or null for untargeted
 * @param limit at most this many images
 * @param batchSize images per attacked batch
 * @param seed seeds PGD's random start and the generator's initialisation
 * @param defence an input defence measured against (the attacker does not see it), or null
 */
public record AttackSettings(String method, AttackParams params, List<Double> eps, String target, int limit,
        int batchSize, long seed, InputDefence defence) {

    public AttackSettings {
        method = Attacks.get(method).name();
        params = params == null ? AttackParams.DEFAULT : params;
        if (eps == null || eps.isEmpty()) {
            throw new IllegalArgumentException("at least one eps is needed");
        }
        eps = List.copyOf(eps);
        if (limit < 1 || batchSize < 1) {
            throw new IllegalArgumentException("--limit and --batch-size must be >= 1, got " + limit + " and " + batchSize);
        }
    }

    /** Plain settings: untargeted, no defence. */
    public static AttackSettings of(String method, AttackParams params, List<Double> eps, int limit, int batchSize, long seed) {
        return new AttackSettings(method, params, eps, null, limit, batchSize, seed, null);
    }

    /** The registered attack. */
    public AttackEntry entry() {
        return Attacks.get(method);
    }

    /**
     * The name in reports and file names: the method, with "-l2" for the L2 ball, "-segpgd" for SegPGD's
     * weighting and "-vs-" and the defence's name when one is measured (e.g. {@code pgd-vs-jpeg75}).
     */
    public String label() {
        String label = params.norm() == Norm.L2 ? method + "-l2" : method;
        if (params.segPgd()) {
            label += "-segpgd";
        }
        return defence == null ? label : label + "-vs-" + defence.name();
    }
}
