package org.vocvision.train;

import org.vocvision.loss.WeightedSumLoss;
import org.vocvision.loss.DiceLoss;
import org.vocvision.loss.IgnoreIndexCrossEntropy;
import org.vocvision.loss.WeightedBceLoss;
import org.vocvision.run.EpochResult;
import org.vocvision.run.Checkpoint;
import org.vocvision.run.RunDir;
import org.vocvision.task.Task;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vocvision.engine.OfflineEngine;

class FitTest {

    @TempDir
    Path dir;

    private static Fit.Builder classification(TinyNet model, NDManager manager, long seed, TinyData data) {
        return Fit.builder().setModel(model).setLoss(new WeightedBceLoss()).setTask(Task.CLASSIFICATION)
                .setOptimizer(new AdamW(1e-4)).setSchedule(LrSchedule.constant(0.02))
                .optValidation(ColourAccuracy.of(data)).optSeed(seed).optManager(manager);
    }

    private static double[] losses(FitResult result) {
        return result.history().stream().mapToDouble(EpochResult::trainLoss).toArray();
    }

    @Test
    void tinyModelLearnsColourLabelsAndWritesItsRun() throws IOException {
        TinyData data = new TinyData(32, 8, 1);
        try (NDManager manager = OfflineEngine.newManager()) {
            FitResult result = classification(new TinyNet(false), manager, 7, data)
                    .setSchedule(new LrSchedule.Cosine(0.05, 4, 0.0, LrSchedule.Unit.STEP))
                    .optGradientClipping(5.0)
                    .addCallback(new HistoryCsv()).addCallback(new LearningCurves())
                    .addCallback(new BestCheckpoint("val_acc")).addCallback(new LastCheckpoint())
                    .setRunDir(dir).build()
                    .fit(data, 12);
            double accuracy = result.last().metrics().get("val_acc");
            assertTrue(accuracy > 0.95, "accuracy " + accuracy);
            assertTrue(result.last().trainLoss() < result.history().get(0).trainLoss() / 2);
        }
        List<String> csv = Files.readAllLines(dir.resolve("history.csv"));
        assertEquals("epoch,lr,train_loss,val_loss,val_acc,seconds,rss_mb", csv.get(0));
        double rss = Double.parseDouble(csv.get(12).substring(csv.get(12).lastIndexOf(',') + 1));
        assertTrue(rss > 50 && rss < 64_000, "resident MiB " + rss); // a JVM with libtorch loaded, on Linux
        assertEquals(13, csv.size());
        BufferedImage loss = ImageIO.read(dir.resolve("figures/loss.png").toFile());
        assertEquals(640, loss.getWidth());
        assertTrue(Files.size(dir.resolve("figures/val_acc.png")) > 1000);
        assertTrue(Files.exists(new RunDir(dir).checkpoint("best")));
        assertEquals(12, Checkpoint.readManifest(new RunDir(dir).checkpoint("last")).epoch());
    }

    @Test
    void segmentationUsesTheSameLoop() throws IOException {
        TinyData data = new TinyData(16, 8, 2);
        try (NDManager manager = OfflineEngine.newManager()) {
            FitResult result = Fit.builder().setModel(new TinyNet(true))
                    .setLoss(WeightedSumLoss.of(new IgnoreIndexCrossEntropy(), new DiceLoss(), 0.5f))
                    .setTask(Task.SEGMENTATION).setOptimizer(new Sgd(0.9, true, 1e-4))
                    .optValidation(ColourAccuracy.lossOnly(data, Task.SEGMENTATION, new IgnoreIndexCrossEntropy()))
                    .setSchedule(new LrSchedule.Poly(0.1)).optManager(manager).build()
                    .fit(data, 6);
            assertTrue(result.last().trainLoss() < 0.6 * result.history().get(0).trainLoss(),
                    "losses " + java.util.Arrays.toString(losses(result)));
            assertFalse(Double.isNaN(result.last().valLoss()));
        }
    }

    @Test
    void sameSeedGivesIdenticalLossesAndAnotherSeedDoesNot() throws IOException {
        TinyData data = new TinyData(16, 8, 3);
        double[][] runs = new double[3][];
        long[] seeds = {5, 5, 6};
        for (int i = 0; i < 3; i++) {
            try (NDManager manager = OfflineEngine.newManager()) {
                runs[i] = losses(classification(new TinyNet(false), manager, seeds[i], data).build().fit(data, 3));
            }
        }
        assertArrayEquals(runs[0], runs[1], 0.0);
        assertNotEquals(runs[0][0], runs[2][0]);
    }

    @Test
    void resumeGivesTheSameNextEpochAsAnUninterruptedRun() throws IOException {
        TinyData data = new TinyData(16, 8, 4);
        double[] uninterrupted;
        try (NDManager manager = OfflineEngine.newManager()) {
            uninterrupted = losses(classification(new TinyNet(false), manager, 11, data)
                    .setOptimizer(new AdamW(0.01)).setSchedule(new LrSchedule.Cosine(0.02, 2, 0, LrSchedule.Unit.STEP))
                    .addCallback(new ReduceLrOnPlateau("val_loss", Mode.MIN, 0.5, 0, 0, 0, 0))
                    .build().fit(data, 4));
        }
        Path run = dir.resolve("interrupted");
        try (NDManager manager = OfflineEngine.newManager()) {
            // planned for 4 epochs like the uninterrupted run (the schedule depends on it), killed after 2
            classification(new TinyNet(false), manager, 11, data)
                    .setOptimizer(new AdamW(0.01)).setSchedule(new LrSchedule.Cosine(0.02, 2, 0, LrSchedule.Unit.STEP))
                    .addCallback(new ReduceLrOnPlateau("val_loss", Mode.MIN, 0.5, 0, 0, 0, 0))
                    .addCallback(new LastCheckpoint()).addCallback(new Callback() {
                        @Override
                        public void onEpochEnd(EpochResult epoch, FitControl control) {
                            if (epoch.epoch() == 2) {
                                control.stopTraining();
                            }
                        }
                    }).setRunDir(run).build().fit(data, 4);
        }
        double[] resumed;
        try (NDManager manager = OfflineEngine.newManager()) {
            // a fresh model: parameters, moments, step, lr scale and callback state come from the checkpoint
            resumed = losses(classification(new TinyNet(false), manager, 11, data)
                    .setOptimizer(new AdamW(0.01)).setSchedule(new LrSchedule.Cosine(0.02, 2, 0, LrSchedule.Unit.STEP))
                    .addCallback(new ReduceLrOnPlateau("val_loss", Mode.MIN, 0.5, 0, 0, 0, 0))
                    .optResumeFrom(new RunDir(run).checkpoint(LastCheckpoint.NAME)).build().fit(data, 4));
        }
        assertEquals(4, resumed.length);
        assertArrayEquals(uninterrupted, resumed, 1e-5);
    }

    @Test
    void frozenBackboneStaysBitIdenticalWhileTheHeadLearns() throws IOException {
        TinyData data = new TinyData(8, 8, 5);
        try (NDManager manager = OfflineEngine.newManager()) {
            TinyNet model = new TinyNet(false);
            Finetuning finetuning = Finetuning.parse(model.parts(), 1, "last-block@2", 0.1);
            Fit.builder().setModel(model).setLoss(new WeightedBceLoss()).setTask(Task.CLASSIFICATION)
                    .setOptimizer(new Sgd(0.9, false, 1e-3)).setSchedule(LrSchedule.constant(0.1))
                    .optManager(manager).optFinetuning(finetuning).build().fit(data, 1);
            Map<String, float[]> afterHeadOnly = snapshot(model);
            // a second model state after more epochs: epoch 2 still head only, epoch 3 unfreezes the last block
            TinyNet again = new TinyNet(false);
            Fit.builder().setModel(again).setLoss(new WeightedBceLoss()).setTask(Task.CLASSIFICATION)
                    .setOptimizer(new Sgd(0.9, false, 1e-3)).setSchedule(LrSchedule.constant(0.1))
                    .optManager(manager).optSeed(42).optFinetuning(Finetuning.parse(again.parts(), 1, "last-block@2", 0.1))
                    .build().fit(data, 3);
            Map<String, float[]> initial = initialSnapshot(manager);
            Map<String, float[]> afterStaged = snapshot(again);
            for (String name : initial.keySet()) {
                boolean backbone = name.startsWith("01backbone");
                boolean last = name.startsWith("01backbone_02");
                if (backbone) {
                    // head-only epoch: every backbone tensor, running statistics included, untouched
                    assertArrayEquals(initial.get(name), afterHeadOnly.get(name), 0f, name);
                } else {
                    assertFalse(java.util.Arrays.equals(initial.get(name), afterHeadOnly.get(name)), name);
                }
                boolean statistic = name.contains("running");
                if (backbone && !last) {
                    assertArrayEquals(initial.get(name), afterStaged.get(name), 0f, name + " (still frozen)");
                } else if (last && statistic) {
                    // the last block trains with its batch norm still in inference mode
                    assertArrayEquals(initial.get(name), afterStaged.get(name), 0f, name);
                } else if (last) {
                    assertFalse(java.util.Arrays.equals(initial.get(name), afterStaged.get(name)), name + " should train");
                }
            }
        }
    }

    /** The parameters of a freshly initialised TinyNet with Fit's default seed 42. */
    private static Map<String, float[]> initialSnapshot(NDManager manager) {
        ai.djl.engine.Engine.getInstance().setRandomSeed(42);
        TinyNet fresh = new TinyNet(false);
        fresh.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(1, 3, 8, 8));
        return snapshot(fresh);
    }

    private static Map<String, float[]> snapshot(TinyNet model) {
        Map<String, float[]> values = new LinkedHashMap<>();
        var parameters = model.getParameters();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.valueAt(i);
            values.put(parameters.keyAt(i), p.getArray().toFloatArray());
        }
        return values;
    }

    @Test
    void perEpochScheduleAndPlateauReductionCombine() throws IOException {
        TinyData data = new TinyData(8, 8, 7);
        try (NDManager manager = OfflineEngine.newManager()) {
            // step schedule per epoch: 0.1, 0.1, 0.05, 0.05, 0.025; "lr" never improves in MAX mode with
            // min_delta 1, so with patience 2 the plateau halves the rate after epochs 3 and 5
            FitResult result = classification(new TinyNet(false), manager, 3, data)
                    .setSchedule(new LrSchedule.Step(0.1, 2, 0.5, LrSchedule.Unit.EPOCH))
                    .addCallback(new ReduceLrOnPlateau("lr", Mode.MAX, 0.5, 2, 1.0, 0, 0))
                    .build().fit(data, 5);
            double[] lrs = result.history().stream().mapToDouble(EpochResult::lr).toArray();
            // e1 0.1 (best) | e2 0.1, wait 1 | e3 0.05, wait 2 -> x0.5 | e4 0.05*0.5, wait 1 | e5 0.025*0.5, wait 2
            assertArrayEquals(new double[] {0.1, 0.1, 0.05, 0.025, 0.0125}, lrs, 1e-12);
        }
    }

    @Test
    void nativeArraysDoNotAccumulateAcrossEpochs() throws IOException {
        TinyData data = new TinyData(16, 4, 6);
        List<Integer> counts = new ArrayList<>();
        try (NDManager manager = OfflineEngine.newManager()) {
            Fit.builder().setModel(new TinyNet(false)).setLoss(new WeightedBceLoss()).setTask(Task.CLASSIFICATION)
                    .setOptimizer(new AdamW(0.01)).setSchedule(LrSchedule.constant(0.01)).optGradientClipping(1.0)
                    .optValidation(ColourAccuracy.of(data)).optManager(manager).setRunDir(dir)
                    // checkpoints every epoch: writing one once leaked the optimiser state's copies
                    .addCallback(new LastCheckpoint()).addCallback(new BestCheckpoint("val_loss"))
                    .addCallback(new Callback() {
                        @Override
                        public void onEpochEnd(EpochResult epoch, FitControl control) {
                            counts.add(control.manager().getManagedArrays().size());
                        }
                    }).build().fit(data, 4);
        }
        // after the first step created the optimiser's moments, nothing per step may stay behind
        assertEquals(counts.get(1), counts.get(3), counts.toString());
    }

    @Test
    void parameterNamesShowTheBackbonePrefix() {
        try (NDManager manager = OfflineEngine.newManager()) {
            TinyNet model = new TinyNet(false);
            model.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(1, 3, 8, 8));
            List<String> names = new ArrayList<>(model.getParameters().keys());
            assertTrue(names.get(0).startsWith("01backbone_01"), names.toString());
            assertTrue(names.stream().anyMatch(n -> n.startsWith("01backbone_02")), names.toString());
        }
    }
}
