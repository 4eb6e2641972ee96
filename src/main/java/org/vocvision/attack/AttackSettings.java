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
        String target, int limit, int batchSize, long seed, boolean segPgd, InputDefence defence) {

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
        if (segPgd && (task != Task.SEGMENTATION || !method.equals("pgd") && !method.equals("bim"))) {
            throw new IllegalArgumentException("SegPGD weighting is for pgd or bim on a segmenter, not " + method
                    + " on " + task.jsonName());
        }
        if (stepSize < 0) {
            throw new IllegalArgumentException("step size must be >= 0 (0 for the default), got " + stepSize);
        }
    }

    /** Plain settings: no SegPGD weighting, no defence. */
    public AttackSettings(String method, Norm norm, List<Double> eps, int steps, double stepSize, Task task,
            String target, int limit, int batchSize, long seed) {
        this(method, norm, eps, steps, stepSize, task, target, limit, batchSize, seed, false, null);
    }

    /**
     * A defence from its command-line words: {@code jpeg:Q} (re-encode at quality Q), {@code bits:B}
     * (B bits per channel) or {@code median:K} (K x K median filter); null for none.
     */
    public static InputDefence parseDefence(String spec) {
        if (spec == null || spec.isBlank()) {
            return null;
        }
        String[] parts = spec.trim().toLowerCase(Locale.ROOT).split(":");
        if (parts.length != 2) {
            throw new IllegalArgumentException("defence '" + spec + "' must be NAME:NUMBER, e.g. jpeg:75, bits:4, median:3");
        }
        int n;
        try {
            n = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("defence '" + spec + "': '" + parts[1] + "' is not a whole number");
        }
        return switch (parts[0]) {
            case "jpeg" -> new JpegReencode(n);
            case "bits" -> new BitDepthReduction(n);
            case "median" -> new MedianFilter(n);
            default -> throw new IllegalArgumentException("unknown defence '" + parts[0] + "'; use jpeg, bits or median");
        };
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

    /**
     * The name in reports and file names: the method, with "-l2" for the L2 ball, "-segpgd" for SegPGD's
     * weighting and "-vs-" and the defence's name when one is measured (e.g. {@code pgd-vs-jpeg75}).
     */
    public String label() {
        String label = norm == Norm.L2 ? method + "-l2" : method;
        if (segPgd) {
            label += "-segpgd";
        }
        return defence == null ? label : label + "-vs-" + defence.name();
    }
}
