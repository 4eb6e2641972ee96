package org.vocvision.attack;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vocvision.data.Batch;

/**
 * One registered attack swept over a list of eps on a model: success, the task metric under attack and
 * visibility per eps ({@link RobustnessEvaluation}). Fitted attacks (universal, generator) are fitted on
 * the same images they are measured on: one perturbation (or generator) per eps for the whole set. Keeps
 * every eps's attack, so a caller can draw an example grid with the same attack afterwards; close it.
 */
public final class AttackSweep implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AttackSweep.class);

    private final Block model;
    private final AttackSettings settings;
    private final RobustnessEvaluation.GoalMaker goals;
    private final Map<Double, Attack> attacks = new HashMap<>();

    /**
     * @param model takes (N,3,H,W) pixels in [0,1] (normalisation inside) and returns the task's logits
     * @param goals each batch's goal (the task makes it: untargeted on the truth, or the settings' target)
     */
    public AttackSweep(Block model, AttackSettings settings, RobustnessEvaluation.GoalMaker goals) {
        this.model = model;
        this.settings = settings;
        this.goals = goals;
    }

    /**
     * Runs the sweep: {@link #measure} then {@link #report}.
     *
     * @param batches the images with their truth; iterated once per eps, plus once per fitting epoch of a
     *     fitted attack
     * @param metric a fresh task metric for each eps, or null
     * @param task the task's name, written into the report
     * @param metricName the metric's short name for tables and charts ({@code mAP}, {@code mIoU})
     */
    public AttackReport run(Iterable<Batch> batches, Supplier<RobustnessEvaluation.Metric> metric, String task,
            String metricName) {
        return report(settings, measure(batches), metric, task, metricName);
    }

    /** One eps's batch results, batches in the order attacked, and the wall time they took. */
    public record EpsBatches(double eps, List<RobustnessEvaluation.BatchResult> batches, double seconds)
            implements java.io.Serializable {}

    /**
     * Attacks every batch at every eps (the settings' order) after seeding the engine with the settings' seed.
     * Batches may be any slice of a set: an iterative or single-step attack treats each batch on its own (PGD's
     * random start depends only on the seed and the image), so slices attacked apart and {@link #report}ed in the
     * set's order give the report of the whole set; a fitted attack is fitted on {@code batches}.
     */
    public List<EpsBatches> measure(Iterable<Batch> batches) {
        Engine.getInstance().setRandomSeed((int) settings.seed());
        RobustnessEvaluation evaluation = new RobustnessEvaluation(model, goals, settings.defence());
        List<EpsBatches> out = new ArrayList<>();
        for (double eps : settings.eps()) {
            Attack a = attacks.computeIfAbsent(eps, e -> attack(e, batches));
            long start = System.nanoTime();
            List<RobustnessEvaluation.BatchResult> results = new ArrayList<>();
            for (Batch batch : batches) {
                results.add(evaluation.measure(a, batch));
            }
            out.add(new EpsBatches(eps, results, (System.nanoTime() - start) / 1e9));
        }
        return out;
    }

    /** The sweep's report from every eps's batch results (batches in the set's order: it decides float sums). */
    public static AttackReport report(AttackSettings settings, List<EpsBatches> measured,
            Supplier<RobustnessEvaluation.Metric> metric, String task, String metricName) {
        List<EpsResult> results = new ArrayList<>();
        for (EpsBatches e : measured) {
            EpsResult r = RobustnessEvaluation.summarize(e.eps(), e.batches(), metric == null ? null : metric.get(),
                    e.seconds());
            LOG.info("{} eps {}/255: success {} metric {} linf {} ssim {}; {} images in {} s", settings.label(),
                    String.format(Locale.ROOT, "%.1f", r.eps() * 255), fmt(r.successRate()), fmt(r.metric()),
                    fmt(r.linf()), fmt(r.ssim()), r.images(), String.format(Locale.ROOT, "%.1f", r.seconds()));
            results.add(r);
        }
        logSpeed(settings, results);
        return new AttackReport(settings.label(), task, metricName, results);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** The attack used at {@code eps} by the last {@link #run}. */
    public Attack attackAt(double eps) {
        Attack a = attacks.get(eps);
        if (a == null) {
            throw new IllegalArgumentException("no attack at eps " + eps + " in this sweep");
        }
        return a;
    }

    private Attack attack(double eps, Iterable<Batch> batches) {
        AttackEntry entry = settings.entry();
        if (eps == 0) {
            return unperturbed(settings.label());
        }
        AttackEntry.Fitting fitting = new AttackEntry.Fitting(model, batches, b -> goals.make(b.batch(), b.manager(),
                InputGradient.forward(model, b.batch().images(b.manager()))));
        return entry.factory().create(eps, settings.params(), settings.params().stepsFor(entry.kind()), fitting);
    }

    /** eps 0: the clean images, whatever the method (iterative methods refuse a zero step). */
    private static Attack unperturbed(String name) {
        return new Attack() {
            @Override
            public NDArray perturb(Block model, NDArray images, Goal goal) {
                return images.duplicate();
            }

            @Override
            public String name() {
                return name;
            }
        };
    }

    /** Logs the attack's throughput: images times gradient steps per second (the forward passes included). */
    private static void logSpeed(AttackSettings settings, List<EpsResult> results) {
        AttackEntry entry = settings.entry();
        if (entry.kind() == AttackEntry.Kind.FITTED) {
            return; // the fitting is logged by the attack itself
        }
        int steps = settings.params().stepsFor(entry.kind());
        for (EpsResult r : results) {
            if (r.eps() > 0) {
                LOG.info("{} eps {}/255: {} images x {} gradient steps in {} s = {} image-steps/s", settings.label(),
                        String.format(Locale.ROOT, "%.1f", r.eps() * 255), r.images(), steps,
                        String.format(Locale.ROOT, "%.2f", r.seconds()),
                        String.format(Locale.ROOT, "%.1f", r.images() * (double) steps / r.seconds()));
            }
        }
    }

    @Override
    public void close() {
        List<Attack> all = new ArrayList<>(attacks.values());
        attacks.clear();
        for (Attack a : all) {
            if (a instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot release attack " + a.name(), e);
                }
            }
        }
    }
}
