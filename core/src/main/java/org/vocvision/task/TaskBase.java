package org.vocvision.task;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.vocvision.attack.Goal;
import org.vocvision.attack.RobustnessEvaluation;
import org.vocvision.data.Batch;

/**
 * What both tasks state the same way: their names, classes and metric names, what a model of theirs is called,
 * the verb of their natural attack target, their goal type, and
 * {@link Task#goals}' untargeted case. A class of its own rather than {@link Task} itself: {@code Task}
 * holds instances of both tasks in its constants, and a superclass that does can deadlock two threads
 * initialising it and a subclass at once; an interface without default methods is not initialised with
 * the classes that implement it.
 */
abstract class TaskBase {

    private final String name;
    private final List<String> classes;
    private final String learnableImages;
    private final String metric;
    private final String metricLabel;
    private final String role;
    private final String targetVerb;
    private final Class<? extends Goal> goalType;

    TaskBase(String name, List<String> classes, String learnableImages, String metric, String metricLabel,
            String role, String targetVerb, Class<? extends Goal> goalType) {
        this.name = name;
        this.classes = List.copyOf(classes);
        this.learnableImages = learnableImages;
        this.metric = metric;
        this.metricLabel = metricLabel;
        this.role = role;
        this.targetVerb = targetVerb;
        this.goalType = goalType;
    }

    /** {@link Task#name}. */
    public final String name() {
        return name;
    }

    /** {@link Task#classes}. */
    public final List<String> classes() {
        return classes;
    }

    /** {@link Task#learnableImages}. */
    public final String learnableImages() {
        return learnableImages;
    }

    /** {@link Task#metric}. */
    public final String metric() {
        return metric;
    }

    /** {@link Task#metricLabel}. */
    public final String metricLabel() {
        return metricLabel;
    }

    /** {@link Task#role}. */
    public final String role() {
        return role;
    }

    /** {@link Task#targetOf}. */
    public final String targetOf(String className) {
        return targetVerb + ":" + className.trim();
    }

    /** {@link Task#goalType}. */
    public final Class<? extends Goal> goalType() {
        return goalType;
    }

    /** {@link Task#goals}: the untargeted goal of each batch without a target, else the task's reading of it. */
    public final RobustnessEvaluation.GoalMaker goals(String target) {
        if (target == null || target.isBlank()) {
            return (batch, manager, clean) -> goal(batch, manager);
        }
        return targetedGoals(target);
    }

    /** {@link Task#goal}. */
    public abstract Goal goal(Batch batch, NDManager manager);

    /** {@link #goals} of a target that is given (not blank). */
    abstract RobustnessEvaluation.GoalMaker targetedGoals(String target);
}
