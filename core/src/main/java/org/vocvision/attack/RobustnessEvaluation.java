package org.vocvision.attack;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.vocvision.data.Batch;

/**
 * Attacks one batch and measures success, the predictions under attack and the perturbation's visibility
 * ({@link #measure}), and sums batches into one eps's numbers ({@link #summarize}): the numbers behind a
 * robustness curve and {@code attack.json}. {@link AttackSweep} runs it over a list of eps.
 *
 * @param model takes (N,3,H,W) pixels in [0,1] (normalisation inside) and returns the task's logits
 * @param goals each batch's goal: it decides the attack's objective and what counts as success
 * @param defence a defence applied to clean and adversarial images before every prediction (the attacker does
 *     not see it), or null
 */
public record RobustnessEvaluation(Block model, GoalMaker goals, InputDefence defence) {

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
}
