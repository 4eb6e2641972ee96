package org.vocvision.attack;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vocvision.data.Batch;

/**
 * Attacks a set of batches at each eps of a list and measures success, the task metric under attack and
 * the perturbation's visibility: the numbers behind a robustness curve and {@code attack.json}.
 */
public final class RobustnessEvaluation {

    private static final Logger LOG = LoggerFactory.getLogger(RobustnessEvaluation.class);

    /** A task metric accumulated over a whole set (mAP needs every score before it can rank). */
    public interface Metric {
        /** Adds one batch: the model's logits on the (attacked) images and the batch's truth. */
        void add(NDArray logits, Batch batch);

        /** The metric over everything added. */
        double value();
    }

    /** The goal for a batch (untargeted on its truth, or a target), made in the batch's manager. */
    public interface GoalMaker {
        Goal make(Batch batch, NDManager manager, NDArray cleanLogits);
    }

    private final Block model;
    private final DoubleFunction<Attack> attack;
    private final List<Double> epsValues;
    private final Supplier<Metric> metric;
    private final GoalMaker goals;
    private final InputDefence defence;

    private RobustnessEvaluation(Builder b) {
        this.model = b.model;
        this.attack = b.attack;
        this.epsValues = List.copyOf(b.eps);
        this.metric = b.metric;
        this.goals = b.goals;
        this.defence = b.defence;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** One result per eps, in the order given; {@code batches} is iterated once per eps. */
    public List<EpsResult> run(Iterable<Batch> batches) {
        List<EpsResult> results = new ArrayList<>();
        for (double eps : epsValues) {
            Attack a = attack.apply(eps);
            long start = System.nanoTime();
            List<BatchResult> measured = new ArrayList<>();
            for (Batch batch : batches) {
                measured.add(measure(a, batch));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            EpsResult r = summarize(eps, measured, metric == null ? null : metric.get(), seconds);
            LOG.info("{} eps {}/255: success {} metric {} linf {} ssim {}; {} images in {} s ({} images/s)", a.name(),
                    String.format("%.1f", eps * 255), fmt(r.successRate()), fmt(r.metric()), fmt(r.linf()), fmt(r.ssim()),
                    r.images(), String.format("%.1f", seconds), String.format("%.2f", r.images() / seconds));
            results.add(r);
        }
        return results;
    }

    /**
     * What one batch gave under one attack: per image success and visibility, the predictions on the attacked
     * images and the batch's truth (without its pixels), all plain Java values, so batches can be attacked
     * anywhere (Spark tasks) and summarised elsewhere.
     *
     * @param attackedLogits the model's logits on the attacked (and defended) images, row-major
     * @param logitsShape their shape, (N, classes) or (N, classes, H, W)
     */
    public record BatchResult(double[] success, List<Visibility> visibility, float[] attackedLogits, long[] logitsShape,
            Batch truth) implements Serializable {}

    /** Attacks one batch with {@code a} and measures it (see {@link #summarize} for the sweep's numbers). */
    public BatchResult measure(Attack a, Batch batch) {
        try (NDManager step = Engine.getInstance().newBaseManager()) {
            NDArray x = batch.images(step).duplicate(); // libtorch-owned copy (see GeneratorAttack)
            NDArray clean = predict(x);
            Goal goal = goals.make(batch, step, clean);
            NDArray adversarial = a.perturb(model, x, goal);
            NDArray attacked = predict(adversarial);
            return new BatchResult(goal.success(clean, attacked), List.copyOf(Visibility.perImage(x, adversarial)),
                    attacked.toFloatArray(), attacked.getShape().getShape(),
                    new Batch(List.copyOf(batch.ids()), batch.height(), batch.width(), null, batch.targets(), batch.masks()));
        }
    }

    /**
     * One eps's result from its batches' results, taken in the order given: keep the single-process batch order
     * and the report is the same number for number, wherever the batches were attacked.
     *
     * @param metric a fresh task metric, or null
     * @param seconds the wall time it took
     */
    public static EpsResult summarize(double eps, List<BatchResult> batches, Metric metric, double seconds) {
        List<Double> success = new ArrayList<>();
        double linf = 0;
        double l2 = 0;
        double psnr = 0;
        int changed = 0;
        double ssim = 0;
        int images = 0;
        for (BatchResult b : batches) {
            for (double s : b.success()) {
                success.add(s);
            }
            if (metric != null) {
                try (NDManager manager = Engine.getInstance().newBaseManager()) {
                    metric.add(manager.create(b.attackedLogits(), new Shape(b.logitsShape())), b.truth());
                }
            }
            for (Visibility v : b.visibility()) {
                linf = Math.max(linf, v.linf());
                l2 += v.l2();
                ssim += v.ssim();
                if (Double.isFinite(v.psnr())) {
                    psnr += v.psnr();
                    changed++;
                }
                images++;
            }
        }
        if (images == 0) {
            throw new IllegalArgumentException("no images to attack");
        }
        double rate = Goal.rate(success.stream().mapToDouble(Double::doubleValue).toArray());
        return new EpsResult(eps, rate, metric == null ? Double.NaN : metric.value(), linf, l2 / images,
                changed == 0 ? Double.POSITIVE_INFINITY : psnr / changed, ssim / images, images, seconds);
    }

    private NDArray predict(NDArray images) {
        return InputGradient.forward(model, defence == null ? images : defence.apply(images));
    }

    private static String fmt(double v) {
        return String.format("%.4f", v);
    }

    /** Settings of a sweep. */
    public static final class Builder {
        private Block model;
        private DoubleFunction<Attack> attack;
        private List<Double> eps;
        private Supplier<Metric> metric;
        private GoalMaker goals;
        private InputDefence defence;

        public Builder setModel(Block model) {
            this.model = model;
            return this;
        }

        /** The attack at a given eps, e.g. {@code eps -> Pgd.builder().setEps(eps).build()}. */
        public Builder setAttack(DoubleFunction<Attack> attack) {
            this.attack = attack;
            return this;
        }

        public Builder setEps(List<Double> eps) {
            this.eps = eps;
            return this;
        }

        /** Each batch's goal: it decides the attack's objective and what counts as success. */
        public Builder setGoal(GoalMaker goals) {
            this.goals = goals;
            return this;
        }

        /** A fresh task metric (mAP, mIoU) for each eps. */
        public Builder optMetric(Supplier<Metric> metric) {
            this.metric = metric;
            return this;
        }

        /** A defence applied to clean and adversarial images before every prediction (the attacker does not see it). */
        public Builder optDefence(InputDefence defence) {
            this.defence = defence;
            return this;
        }

        public RobustnessEvaluation build() {
            if (model == null || attack == null || goals == null || eps == null || eps.isEmpty()) {
                throw new IllegalArgumentException("a robustness evaluation needs a model, an attack, a goal and at least one eps");
            }
            for (double e : eps) {
                if (!(e >= 0 && e <= 1)) {
                    throw new IllegalArgumentException("eps must be in [0,1] pixel units, got " + e);
                }
            }
            return new RobustnessEvaluation(this);
        }
    }
}
