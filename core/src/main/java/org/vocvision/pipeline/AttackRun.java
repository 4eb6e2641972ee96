package org.vocvision.pipeline;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vocvision.attack.AttackReport;
import org.vocvision.attack.AttackSettings;
import org.vocvision.attack.AttackSweep;
import org.vocvision.attack.InputGradient;
import org.vocvision.attack.RobustnessEvaluation;
import org.vocvision.data.Batch;
import org.vocvision.data.Batches;
import org.vocvision.data.Dataset;
import org.vocvision.report.AttackGrid;
import org.vocvision.report.RobustnessCurve;
import org.vocvision.run.RunDir;
import org.vocvision.task.Task;
import org.vocvision.train.TrainedModel;

/**
 * A robustness sweep of a trained run's model on a split, with everything written into a directory:
 * {@code attack.json} (the last sweep) and {@code attack-<label>.json}, {@code figures/robustness-<label>.png}
 * (success rate and the task metric against eps) and {@code figures/attack-grid-<label>.png} (the first
 * {@value #GRID_ROWS} images attacked at the largest eps). The model's task gives the goal, the success rule
 * and the metric: mAP (the definition training validates with) or mIoU.
 */
public final class AttackRun {

    private static final Logger LOG = LoggerFactory.getLogger(AttackRun.class);

    /** Rows of the attack grid. */
    static final int GRID_ROWS = 4;

    private AttackRun() {}

    /** Attacks the first {@code settings.limit()} images of {@code split}, resized to the model's input. */
    public static AttackReport run(TrainedModel model, Dataset dataset, String split, AttackSettings settings, Path outDir)
            throws IOException {
        List<String> ids = dataset.ids(split);
        if (ids.isEmpty()) {
            throw new IllegalArgumentException(dataset.root() + ": split '" + split + "' has no images to attack");
        }
        int size = model.inputSize();
        Iterable<Batch> batches = Batches.builder().setDataset(dataset, split, ids.subList(0, Math.min(settings.limit(),
                ids.size()))).setBatchSize(settings.batchSize()).setInputSize(size, size).build().iterable();
        return run(model.model(), model.task(), batches, settings, outDir);
    }

    /**
     * Attacks {@code batches} (images with their truth) with a model of {@code task}: (N,3,H,W) pixels in [0,1]
     * in, the task's logits out.
     */
    public static AttackReport run(Block model, Task task, Iterable<Batch> batches, AttackSettings settings, Path outDir)
            throws IOException {
        settings.entry().check(settings.params(), task.goalType());
        RobustnessEvaluation.GoalMaker goals = task.goals(settings.target());
        RunDir dir = new RunDir(outDir);
        try (AttackSweep sweep = new AttackSweep(model, settings, goals)) {
            AttackReport report = sweep.run(batches, task.attackMetric(), task.name(), task.metricLabel());
            String json = report.toJsonString();
            RunDir.writeText(dir.attack(), json);
            RunDir.writeText(dir.attack(settings.label()), json);
            RobustnessCurve.write(dir.figure("robustness-" + settings.label() + ".png"), report, task.metricLabel());
            double largest = Collections.max(settings.eps());
            if (largest > 0) {
                grid(model, batches, sweep, goals, largest, task, dir.figure("attack-grid-" + settings.label() + ".png"));
            } else {
                LOG.info("no eps above 0: no attack grid");
            }
            return report;
        }
    }

    /** The batch's truth as the grid draws it: a segmenter's masks or a classifier's 0/1 labels (null if absent). */
    static byte[] truth(Batch batch, boolean masks) {
        if (masks) {
            return batch.masks();
        }
        if (batch.targets() == null) {
            return null;
        }
        byte[] labels = new byte[batch.targets().length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) (batch.targets()[i] > 0.5f ? 1 : 0);
        }
        return labels;
    }

    private static void grid(Block model, Iterable<Batch> batches, AttackSweep sweep,
            RobustnessEvaluation.GoalMaker goals, double eps, Task task, Path file) throws IOException {
        Batch first = batches.iterator().next();
        try (NDManager manager = Engine.getInstance().newBaseManager()) {
            NDArray x = first.images(manager).duplicate(); // libtorch-owned, as RobustnessEvaluation does
            NDArray clean = InputGradient.forward(model, x);
            NDArray adversarial = sweep.attackAt(eps).perturb(model, x, goals.make(first, manager, clean));
            NDArray after = InputGradient.forward(model, adversarial);
            AttackGrid.write(file, x, adversarial, clean, after, truth(first, clean.getShape().dimension() == 4), eps, task.classes(), GRID_ROWS);
        }
    }
}
