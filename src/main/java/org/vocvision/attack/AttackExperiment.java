package org.vocvision.attack;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vocvision.data.Batch;
import org.vocvision.data.BatchSource;
import org.vocvision.data.Batches;
import org.vocvision.data.Dataset;
import org.vocvision.data.VocClasses;
import org.vocvision.metric.AveragePrecision;
import org.vocvision.metric.ConfusionMatrix;
import org.vocvision.metric.MultiLabelEvaluator;

/**
 * One attack swept over a list of eps on a trained model, with everything written to a directory:
 * <ul>
 *   <li>{@code attack.json} (see {@link AttackReport}) for the method run last, and the same document as
 *       {@code attack-<method>.json}, so several methods run into one directory each keep theirs;
 *   <li>{@code figures/robustness-<method>.png}: success rate and the task metric against eps;
 *   <li>{@code figures/attack-grid-<method>.png}: the first {@value #GRID_ROWS} images attacked at the largest eps.
 * </ul>
 * The task metric is mAP (VOC2010 area definition) for classification and mIoU for segmentation, both
 * against the truth, on the attacked images. Universal and generator attacks are fitted on the same
 * images they are measured on: one perturbation (or generator) per eps for the whole set.
 */
public final class AttackExperiment {

    private static final Logger LOG = LoggerFactory.getLogger(AttackExperiment.class);

    /** Rows of the attack grid. */
    static final int GRID_ROWS = 4;

    private AttackExperiment() {}

    /**
     * Runs the sweep and writes its files into {@code outDir}.
     *
     * @param model takes (N,3,H,W) pixels in [0,1] (normalisation inside) and returns logits of the task
     * @param batches the images with their truth (class targets, or masks for segmentation); iterated once
     *     per eps, plus per fitting epoch of universal and generator attacks
     */
    public static AttackReport run(Block model, Iterable<Batch> batches, AttackSettings settings, Path outDir) throws IOException {
        Engine.getInstance().setRandomSeed((int) settings.seed());
        Task task = settings.task();
        RobustnessEvaluation.GoalMaker goals = goals(task, settings.target());
        Map<Double, Attack> attacks = new HashMap<>();
        List<GeneratorAttack> generators = new ArrayList<>();
        try {
            List<EpsResult> results = RobustnessEvaluation.builder()
                    .setModel(model)
                    .setTask(task)
                    .setEps(settings.eps())
                    .setAttack(eps -> attacks.computeIfAbsent(eps, e -> attack(settings, e, model, batches, goals, generators)))
                    .optMetric(() -> metric(task))
                    .optGoal(goals)
                    .optDefence(settings.defence())
                    .build()
                    .run(batches);
            logSpeed(settings, results);
            AttackReport report = new AttackReport(settings.label(), task, results);
            Path json = report.write(outDir);
            Files.copy(json, outDir.resolve("attack-" + settings.label() + ".json"), StandardCopyOption.REPLACE_EXISTING);
            RobustnessCurve.write(outDir.resolve("figures").resolve("robustness-" + settings.label() + ".png"), report,
                    task == Task.CLASSIFICATION ? "mAP" : "mIoU");
            double largest = Collections.max(settings.eps());
            if (largest > 0) {
                grid(model, batches, attacks.get(largest), goals, task, largest,
                        outDir.resolve("figures").resolve("attack-grid-" + settings.label() + ".png"));
            } else {
                LOG.info("no eps above 0: no attack grid");
            }
            return report;
        } finally {
            generators.forEach(GeneratorAttack::close);
        }
    }

    /** The first {@code limit} images of a split, resized to the model's input, in data set order. */
    public static Iterable<Batch> evaluationBatches(Dataset dataset, String split, int limit, int height, int width, int batchSize) {
        List<String> ids = dataset.ids(split);
        BatchSource source = Batches.builder()
                .setDataset(dataset, ids.subList(0, Math.min(limit, ids.size())))
                .setBatchSize(batchSize)
                .setInputSize(height, width)
                .build();
        return () -> new Iterator<>() {
            private final BatchSource.EpochBatches epoch = source.epoch(0);

            @Override
            public boolean hasNext() {
                boolean more = epoch.hasNext();
                if (!more) {
                    epoch.close();
                }
                return more;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return epoch.next();
            }
        };
    }

    /**
     * Parses a comma-separated eps list in [0,1] pixel units; each entry a number ({@code 0.03}) or a
     * fraction ({@code 8/255}).
     */
    public static List<Double> parseEps(String list) {
        List<Double> values = new ArrayList<>();
        for (String item : list.split(",", -1)) {
            String s = item.trim();
            double v;
            try {
                int slash = s.indexOf('/');
                v = slash < 0 ? Double.parseDouble(s)
                        : Double.parseDouble(s.substring(0, slash).trim()) / Double.parseDouble(s.substring(slash + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad eps '" + s + "' in '" + list
                        + "': expected numbers like 0.03 or fractions like 8/255, separated by commas");
            }
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("eps '" + s + "' in '" + list + "' is " + v + ", outside [0,1] pixel units");
            }
            values.add(v);
        }
        return values;
    }

    /**
     * A targeted classification goal from {@code add:cat,remove:person}: {target, care}, 20 values each;
     * classes not named are free (care 0).
     */
    public static float[][] labelTarget(String spec) {
        float[] target = new float[VocClasses.COUNT];
        float[] care = new float[VocClasses.COUNT];
        for (String item : spec.split(",", -1)) {
            String[] parts = item.trim().split(":", -1);
            if (parts.length != 2 || !(parts[0].equals("add") || parts[0].equals("remove"))) {
                throw new IllegalArgumentException("bad target '" + item.trim() + "' in '" + spec
                        + "': a classification target is add:CLASS or remove:CLASS, separated by commas");
            }
            int c = vocClass(parts[1].trim(), spec);
            if (care[c] != 0) {
                throw new IllegalArgumentException("target '" + spec + "' names class '" + parts[1].trim() + "' twice");
            }
            care[c] = 1;
            target[c] = parts[0].equals("add") ? 1 : 0;
        }
        return new float[][] {target, care};
    }

    /** What an attack aims at: untargeted on the batch's truth unless {@code target} names a goal. */
    static RobustnessEvaluation.GoalMaker goals(Task task, String target) {
        if (target == null || target.isBlank()) {
            return (batch, manager, clean) -> {
                requireTruth(batch, task);
                return Goal.Untargeted.of(task, batch, manager);
            };
        }
        if (task == Task.CLASSIFICATION) {
            float[][] labels = labelTarget(target);
            return (batch, manager, clean) -> new Goal.TargetedLabels(manager.create(labels[0]), manager.create(labels[1]));
        }
        String[] parts = target.trim().split(":", -1);
        if (parts.length != 2 || !(parts[0].equals("vanish") || parts[0].equals("paint"))) {
            throw new IllegalArgumentException("bad target '" + target + "': a segmentation target is vanish:CLASS or paint:CLASS");
        }
        int cls = vocClass(parts[1].trim(), target) + 1; // segmentation index 0 is background
        if (parts[0].equals("vanish")) {
            return (batch, manager, clean) -> Goal.TargetedMask.vanish(clean.argMax(1), cls);
        }
        // paint: every object pixel of the truth (neither background nor void) becomes the class
        return (batch, manager, clean) -> {
            requireTruth(batch, Task.SEGMENTATION);
            byte[] masks = batch.masks();
            float[] region = new float[masks.length];
            for (int i = 0; i < masks.length; i++) {
                int m = masks[i] & 0xFF;
                region[i] = m != VocClasses.BACKGROUND && m != VocClasses.VOID ? 1 : 0;
            }
            return Goal.TargetedMask.paint(manager.create(region, new Shape(batch.size(), batch.height(), batch.width())), cls);
        };
    }

    private static int vocClass(String name, String spec) {
        int c = VocClasses.NAMES.indexOf(name);
        if (c < 0) {
            throw new IllegalArgumentException("target '" + spec + "': unknown VOC class '" + name + "'; valid: " + VocClasses.NAMES);
        }
        return c;
    }

    private static void requireTruth(Batch batch, Task task) {
        if (task == Task.CLASSIFICATION ? batch.targets() == null : batch.masks() == null) {
            throw new IllegalArgumentException("images " + batch.ids() + " have no "
                    + (task == Task.CLASSIFICATION ? "class labels" : "masks") + ": an attack and its metric need the truth");
        }
    }

    private static Attack attack(AttackSettings s, double eps, Block model, Iterable<Batch> batches,
            RobustnessEvaluation.GoalMaker goals, List<GeneratorAttack> generators) {
        if (eps == 0) {
            return unperturbed(s.label());
        }
        double alpha = s.stepSizeAt(eps);
        int steps = s.stepsOrDefault();
        Function<UniversalPerturbation.BatchInManager, Goal> fitGoals = b -> goals.make(b.batch(), b.manager(),
                InputGradient.forward(model, b.batch().images(b.manager())));
        switch (s.method()) {
            case "fgsm":
                return new Fgsm(eps);
            case "bim":
                return s.segPgd()
                        // BIM is PGD without the random start
                        ? Pgd.builder().setEps(eps).optAlpha(alpha).optSteps(steps).optRandomStart(false).optSegPgd(true).build()
                        : new Bim(eps, alpha, steps);
            case "pgd":
                return Pgd.builder().setEps(eps).optAlpha(alpha).optSteps(steps).optNorm(s.norm()).optSegPgd(s.segPgd())
                        .build();
            case "mifgsm":
                return new MiFgsm(eps, alpha, steps, 1.0);
            case "universal":
                return UniversalPerturbation.fit(model, batches, fitGoals, eps, alpha, steps);
            case "generator":
                GeneratorAttack g = GeneratorAttack.builder().setEps(eps).optEpochs(steps).train(model, batches, fitGoals);
                generators.add(g);
                return g;
            default:
                throw new IllegalArgumentException("unknown attack method '" + s.method() + "'; valid: " + AttackSettings.METHODS);
        }
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

    static RobustnessEvaluation.Metric metric(Task task) {
        return task == Task.CLASSIFICATION ? new MeanAveragePrecision() : new MeanIou();
    }

    /** mAP of the sigmoid scores against the batches' class targets. */
    private static final class MeanAveragePrecision implements RobustnessEvaluation.Metric {
        private MultiLabelEvaluator evaluator;

        @Override
        public void add(NDArray logits, Batch batch) {
            requireTruth(batch, Task.CLASSIFICATION);
            if (evaluator == null) {
                evaluator = new MultiLabelEvaluator((int) logits.getShape().get(1));
            }
            evaluator.add(Activation.sigmoid(logits), batch.targets());
        }

        @Override
        public double value() {
            return evaluator == null ? Double.NaN : evaluator.meanAveragePrecision(AveragePrecision.VOC2010_AREA);
        }
    }

    /** mIoU of the argmax masks against the batches' masks (void pixels skipped). */
    private static final class MeanIou implements RobustnessEvaluation.Metric {
        private ConfusionMatrix matrix;

        @Override
        public void add(NDArray logits, Batch batch) {
            requireTruth(batch, Task.SEGMENTATION);
            if (matrix == null) {
                matrix = new ConfusionMatrix((int) logits.getShape().get(1));
            }
            byte[] masks = batch.masks();
            int[] truth = new int[masks.length];
            for (int i = 0; i < masks.length; i++) {
                truth[i] = masks[i] & 0xFF;
            }
            matrix.update(truth, logits.argMax(1).toType(DataType.INT32, false).toIntArray());
        }

        @Override
        public double value() {
            return matrix == null ? Double.NaN : matrix.meanIou();
        }
    }

    /** Logs the attack's throughput: images times gradient steps per second (the forward passes included). */
    private static void logSpeed(AttackSettings s, List<EpsResult> results) {
        int steps = switch (s.method()) {
            case "fgsm" -> 1;
            case "bim", "pgd", "mifgsm" -> s.stepsOrDefault();
            default -> 0; // fitted attacks: the fitting is logged by the attack itself
        };
        for (EpsResult r : results) {
            if (r.eps() > 0 && steps > 0) {
                LOG.info("{} eps {}/255: {} images x {} gradient steps in {} s = {} image-steps/s", s.label(),
                        String.format(Locale.ROOT, "%.1f", r.eps() * 255), r.images(), steps,
                        String.format(Locale.ROOT, "%.2f", r.seconds()),
                        String.format(Locale.ROOT, "%.1f", r.images() * (double) steps / r.seconds()));
            }
        }
    }

    private static void grid(Block model, Iterable<Batch> batches, Attack attack, RobustnessEvaluation.GoalMaker goals,
            Task task, double eps, Path file) throws IOException {
        Batch first = batches.iterator().next();
        try (NDManager manager = Engine.getInstance().newBaseManager()) {
            NDArray x = first.images(manager).duplicate(); // libtorch-owned, as RobustnessEvaluation does
            NDArray clean = InputGradient.forward(model, x);
            NDArray adversarial = attack.perturb(model, x, goals.make(first, manager, clean));
            NDArray after = InputGradient.forward(model, adversarial);
            List<String> names = task == Task.CLASSIFICATION ? VocClasses.NAMES : VocClasses.withBackground();
            AttackGrid.write(file, x, adversarial, clean, after, task, eps, names, GRID_ROWS);
        }
    }
}
