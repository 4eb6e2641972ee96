package org.vocvision.attack;

import ai.djl.nn.Block;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.vocvision.data.Batch;

/**
 * One registered attack: its name and what it declares about itself, read by the command line, its
 * help text, the sweep and adversarial training (timm's pretrained_cfg idea, applied to attacks).
 *
 * @param name the command-line name, e.g. {@code pgd}
 * @param summary one line for the help text, with the paper
 * @param norms the balls it can work in
 * @param goals the goal types it can pursue ({@link LabelGoal}, {@link MaskGoal}): which tasks it attacks
 * @param kind single step, iterative, or fitted on a set of images before it perturbs
 * @param segPgd whether it offers SegPGD's pixel weighting on masks
 * @param factory builds the attack for one eps
 */
public record AttackEntry(String name, String summary, Set<Norm> norms, Set<Class<? extends Goal>> goals, Kind kind,
        boolean segPgd, Factory factory) {

    /** How an attack works. */
    public enum Kind {
        /** One gradient step (FGSM). */
        SINGLE_STEP,
        /** Several gradient steps per batch (BIM, PGD, MI-FGSM). */
        ITERATIVE,
        /** Learns a perturbation or a generator on the attacked images first (universal, generator). */
        FITTED
    }

    /** Builds the attack at one eps. */
    @FunctionalInterface
    public interface Factory {
        Attack create(double eps, AttackParams params, int steps, Fitting fitting);
    }

    /**
     * What a fitted attack learns from: the model, the images (iterated once per fitting epoch) and
     * each batch's goal.
     */
    public record Fitting(Block model, Iterable<Batch> batches, Function<UniversalPerturbation.BatchInManager, Goal> goals) {}

    public AttackEntry {
        norms = Set.copyOf(norms);
        goals = Set.copyOf(goals);
    }

    /** Refuses parameters and goals this attack does not declare, naming what it offers. */
    public void check(AttackParams params, Class<? extends Goal> goal) {
        if (!norms.contains(params.norm())) {
            throw new IllegalArgumentException(name + " works in " + names(norms) + ", not " + params.norm().label());
        }
        if (!goals.contains(goal)) {
            throw new IllegalArgumentException(name + " cannot attack a " + goalTask(goal) + " model");
        }
        if (params.segPgd() && !(segPgd && goal == MaskGoal.class)) {
            throw new IllegalArgumentException("SegPGD weighting is for pgd or bim on a segmenter, not " + name
                    + " on a " + goalTask(goal) + " model");
        }
    }

    private static String goalTask(Class<? extends Goal> goal) {
        return goal == MaskGoal.class ? "segmentation" : "classification";
    }

    private static String names(Set<Norm> norms) {
        return String.join(" or ", norms.stream().map(Norm::label).sorted().toList());
    }

    /** Both tasks: every attack here pursues any goal through its objective. */
    static final Set<Class<? extends Goal>> ANY_GOAL = Set.of(LabelGoal.class, MaskGoal.class);
    static final Set<Norm> LINF_ONLY = Set.of(Norm.LINF);
    static final List<Norm> ALL_NORMS = List.of(Norm.values());
}
