package org.vocvision.serve;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.vocvision.attack.Attack;
import org.vocvision.attack.AttackEntry;
import org.vocvision.attack.AttackParams;
import org.vocvision.attack.Attacks;
import org.vocvision.attack.Goal;
import org.vocvision.attack.Norm;
import org.vocvision.attack.Visibility;
import org.vocvision.data.Batch;
import org.vocvision.data.Mask;
import org.vocvision.data.PalettePng;
import org.vocvision.data.Resize;
import org.vocvision.data.RgbImage;
import org.vocvision.data.VocClasses;
import org.vocvision.engine.OfflineEngine;
import org.vocvision.metric.Thresholds;
import org.vocvision.predict.ImageTensors;
import org.vocvision.task.Task;
import org.vocvision.train.TrainedModel;

/**
 * The served classifier and/or segmenter, and what the API does with them. One model instance each;
 * every model call runs under one fair lock (the engine's gradient collector is global, and no NDArray is
 * shared between requests: each job opens its own NDManager inside the lock and closes it before
 * unlocking). At most {@link Limits#maxWaiting()} jobs wait for the lock; more are refused with 503.
 * Predictions are {@code predict}'s own: {@link TrainedModel#classifier} and {@link TrainedModel#segmenter}
 * without TTA; attacks are the registry's ({@link Attacks}) with the task's goals, as {@code attack} runs them.
 */
public final class ServedModels implements AutoCloseable {

    private final TrainedModel classifier;
    private final TrainedModel segmenter;
    private final Semaphore waiting;
    private final ReentrantLock lock = new ReentrantLock(true);

    /** At least one of the two; both are closed with this. */
    public ServedModels(TrainedModel classifier, TrainedModel segmenter, int maxWaiting) {
        if (classifier == null && segmenter == null) {
            throw new IllegalArgumentException("serve needs a classifier (--run) or a segmenter (--seg-run)");
        }
        if (classifier != null && classifier.task() != Task.CLASSIFICATION) {
            throw new IllegalArgumentException(classifier.checkpoint() + " is a " + classifier.task().name()
                    + " run; give it as --seg-run");
        }
        if (segmenter != null && segmenter.task() != Task.SEGMENTATION) {
            throw new IllegalArgumentException(segmenter.checkpoint() + " is a " + segmenter.task().name()
                    + " run; give it as --run");
        }
        this.classifier = classifier;
        this.segmenter = segmenter;
        this.waiting = new Semaphore(maxWaiting);
    }

    /** One model as {@code GET /api/model} describes it. */
    public record ModelInfo(String task, String model, int inputSize, String metric) {}

    /** A prediction: the classifier's part (probabilities in VOC order, tuned thresholds, labels) and/or a mask. */
    public record Prediction(float[] probabilities, float[] thresholds, List<String> labels, MaskView mask) {}

    /**
     * A mask: its size, a palette PNG whose index is the class (VOC colours) and each present class's
     * share of the pixels, largest first (index 0 is background).
     */
    public record MaskView(int width, int height, String png, List<ClassShare> shares) {}

    public record ClassShare(int index, String name, double share) {}

    /**
     * An attack's outcome at the attacked model's input size.
     *
     * @param success how far the goal was reached, in [0,1] (the task's success rule)
     * @param clean the predictions on the (resized) original
     * @param adversarial the predictions on the adversarial image, as saved to 8 bits
     */
    public record AttackResult(String method, String attacked, String target, double eps, int steps, int width, int height,
            String image, String perturbation, double linf, double l2, double psnr, double ssim, double success,
            Prediction clean, Prediction adversarial, long millis) {}

    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("classifier", info(classifier));
        out.put("segmenter", info(segmenter));
        out.put("classes", VocClasses.NAMES);
        List<String> colours = new ArrayList<>();
        for (int i = 0; i <= VocClasses.COUNT; i++) {
            colours.add(String.format("#%06x", PalettePng.colourOf(i)));
        }
        out.put("colours", colours);
        List<Map<String, Object>> attacks = new ArrayList<>();
        for (AttackEntry e : Attacks.all()) {
            if (e.kind() != AttackEntry.Kind.FITTED) { // fitted attacks learn from a set of images, not one upload
                attacks.add(Map.of("name", e.name(), "summary", e.summary(),
                        "norms", e.norms().stream().map(Norm::label).sorted().toList(), "iterative",
                        e.kind() == AttackEntry.Kind.ITERATIVE));
            }
        }
        out.put("attacks", attacks);
        return out;
    }

    private static ModelInfo info(TrainedModel m) {
        return m == null ? null : new ModelInfo(m.task().name(), m.recipe().model(), m.inputSize(), m.task().metricLabel());
    }

    /** What {@code predict} says of {@code image}: probabilities and labels, and the mask at the image's own size. */
    public Prediction predict(RgbImage image) {
        return serialised(() -> {
            try (NDManager manager = OfflineEngine.newManager()) {
                return prediction(manager, image);
            }
        });
    }

    private Prediction prediction(NDManager manager, RgbImage image) {
        float[] p = null;
        float[] t = null;
        List<String> labels = null;
        if (classifier != null) {
            p = classifier.classifier(false).predict(manager, List.of(image))[0];
            Thresholds thresholds = classifier.thresholds();
            t = thresholds.values();
            boolean[] on = thresholds.apply(p);
            labels = new ArrayList<>();
            for (int c = 0; c < on.length; c++) {
                if (on[c]) {
                    labels.add(VocClasses.NAMES.get(c));
                }
            }
        }
        MaskView mask = segmenter == null ? null : maskView(segmenter.segmenter(false).predict(manager, image));
        return new Prediction(p, t, labels, mask);
    }

    static MaskView maskView(Mask mask) {
        long[] counts = new long[256];
        for (byte b : mask.values()) {
            counts[b & 0xFF]++;
        }
        List<ClassShare> shares = new ArrayList<>();
        double total = mask.values().length;
        for (int i = 0; i <= VocClasses.COUNT; i++) {
            if (counts[i] > 0) {
                shares.add(new ClassShare(i, i == 0 ? "background" : VocClasses.NAMES.get(i - 1), counts[i] / total));
            }
        }
        shares.sort((a, b) -> Double.compare(b.share(), a.share()));
        return new MaskView(mask.width(), mask.height(), Png.dataUrl(PalettePng.image(mask)), shares);
    }

    /**
     * Attacks {@code image} with a registered attack as {@code attack} does: the image at the attacked
     * model's input size, the task's goal (untargeted: away from the model's own clean prediction, since an
     * upload has no truth; with {@code target}: the task's targeted goal, e.g. {@code add:cat} or
     * {@code paint:cat}), then both models' predictions on the clean and the adversarial image.
     *
     * @param attacked "classifier" or "segmenter"; null for the classifier when there is one
     * @param target a class name (added to the labels, or painted over the objects), a task target spec, or null
     */
    public AttackResult attack(RgbImage image, String method, Norm norm, double eps, int steps, String attacked,
            String target) {
        TrainedModel model = attackedModel(attacked);
        Task task = model.task();
        AttackEntry entry = Attacks.get(method);
        if (entry.kind() == AttackEntry.Kind.FITTED) {
            throw new IllegalArgumentException(method + " learns from a set of images; serve attacks one image: use "
                    + String.join(", ", Attacks.all().stream().filter(e -> e.kind() != AttackEntry.Kind.FITTED)
                            .map(AttackEntry::name).toList()));
        }
        AttackParams params = new AttackParams(norm, steps, 0, false);
        entry.check(params, task.goalType());
        String spec = targetSpec(task, target);
        var goals = task.goals(spec); // validates the target before the model is busy
        int stepsUsed = params.stepsFor(entry.kind());
        Attack attack = entry.factory().create(eps, params, stepsUsed, null);
        return serialised(() -> {
            long start = System.nanoTime();
            try (NDManager manager = OfflineEngine.newManager()) {
                RgbImage input = atInputSize(model, image);
                float[] pixels = ImageTensors.of(manager, input).toFloatArray();
                NDArray x = manager.create(pixels, new ai.djl.ndarray.types.Shape(1, 3, input.height(), input.width()))
                        .duplicate(); // a libtorch-owned copy, as RobustnessEvaluation attacks it
                ParameterStore store = new ParameterStore(manager, false);
                NDArray cleanLogits = model.model().forward(store, new NDList(x), false).head();
                Batch batch = ownPrediction(task, model, input, pixels, cleanLogits);
                Goal goal = goals.make(batch, manager, cleanLogits);
                NDArray adversarial = attack.perturb(model.model(), x, goal);
                NDArray adversarialLogits = model.model().forward(store, new NDList(adversarial), false).head();
                double success = Goal.rate(goal.success(cleanLogits, adversarialLogits));
                Visibility v = Visibility.perImage(x, adversarial).get(0);
                RgbImage adversarialImage = toImage(adversarial);
                String perturbation = Png.dataUrl(Png.image(amplified(x, adversarial, eps)));
                Prediction clean = prediction(manager, input);
                Prediction attackedPrediction = prediction(manager, adversarialImage);
                return new AttackResult(entry.name(), task.role(), spec,
                        eps, stepsUsed, input.width(), input.height(), Png.dataUrl(Png.image(adversarialImage)),
                        perturbation, v.linf(), v.l2(), v.psnr(), v.ssim(), success, clean, attackedPrediction,
                        (System.nanoTime() - start) / 1_000_000);
            }
        });
    }

    private TrainedModel attackedModel(String attacked) {
        if (attacked == null || attacked.isBlank()) {
            return classifier != null ? classifier : segmenter;
        }
        TrainedModel m = switch (attacked) {
            case "classifier" -> classifier;
            case "segmenter" -> segmenter;
            default -> throw new IllegalArgumentException("'model' must be classifier or segmenter, got '" + attacked + "'");
        };
        if (m == null) {
            throw new IllegalArgumentException("no " + attacked + " is served");
        }
        return m;
    }

    /** A class name becomes the task's natural target; a full spec ({@code add:cat,remove:dog}) passes as it is. */
    private static String targetSpec(Task task, String target) {
        if (target == null || target.isBlank()) {
            return null;
        }
        if (target.contains(":")) {
            return target;
        }
        return task.targetOf(target);
    }

    /** The classifier's square input, or the segmenter's long side with sides multiples of its stride. */
    private static RgbImage atInputSize(TrainedModel model, RgbImage image) {
        int[] size = model.task().networkSize(image.height(), image.width(), model.inputSize(), model.stride());
        return Resize.apply(image, null, size[0], size[1], false).image();
    }

    /**
     * The batch an untargeted goal pushes away from: an upload has no truth, so the model's own clean
     * prediction stands for it (its labels at the tuned thresholds, or its argmax mask).
     */
    private static Batch ownPrediction(Task task, TrainedModel model, RgbImage input, float[] pixels, NDArray logits) {
        return task.predictionAsTruth(List.of("upload"), input.height(), input.width(), pixels, logits, model.thresholds());
    }

    /** (1,3,H,W) in [0,1] to 8-bit RGB, rounded: the adversarial image as a user would save it. */
    private static RgbImage toImage(NDArray x) {
        long[] s = x.getShape().getShape();
        return toImage(x.toFloatArray(), (int) s[2], (int) s[3]);
    }

    private static RgbImage toImage(float[] chw, int h, int w) {
        byte[] hwc = new byte[h * w * 3];
        int plane = h * w;
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                hwc[3 * i + c] = (byte) Math.round(Math.min(1f, Math.max(0f, chw[c * plane + i])) * 255f);
            }
        }
        return new RgbImage(h, w, hwc);
    }

    /** The perturbation made visible: grey 128 is no change, +-eps maps to white and black. */
    private static RgbImage amplified(NDArray clean, NDArray adversarial, double eps) {
        float[] d = adversarial.sub(clean).toFloatArray();
        float scale = eps > 0 ? (float) (0.5 / eps) : 0f;
        for (int i = 0; i < d.length; i++) {
            d[i] = 0.5f + d[i] * scale;
        }
        long[] s = clean.getShape().getShape();
        return toImage(d, (int) s[2], (int) s[3]);
    }

    private <T> T serialised(Supplier<T> job) {
        if (!waiting.tryAcquire()) {
            throw new HttpError(503, "the model is busy (" + (waiting.availablePermits()) + " free places in the queue):"
                    + " try again shortly");
        }
        try {
            lock.lock();
            try {
                return job.get();
            } finally {
                lock.unlock();
            }
        } finally {
            waiting.release();
        }
    }

    /** Waits for a running model call, then frees both models. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (classifier != null) {
                classifier.close();
            }
            if (segmenter != null) {
                segmenter.close();
            }
        } finally {
            lock.unlock();
        }
    }
}
