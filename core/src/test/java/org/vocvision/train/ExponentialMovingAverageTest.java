package org.vocvision.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vocvision.engine.OfflineEngine;
import org.vocvision.loss.WeightedBceLoss;
import org.vocvision.run.Checkpoint;
import org.vocvision.run.EpochResult;
import org.vocvision.run.RunDir;
import org.vocvision.task.Task;

/** The weights' moving average: the formula step by step, and bit-exact through a checkpoint and a resume. */
class ExponentialMovingAverageTest {

    private static final double DECAY = 0.9;

    @TempDir
    Path dir;

    /** Every tensor of the model (running statistics included) by name, as floats. */
    private static Map<String, float[]> snapshot(TinyNet model) {
        Map<String, float[]> values = new LinkedHashMap<>();
        var parameters = model.getParameters();
        for (int i = 0; i < parameters.size(); i++) {
            values.put(parameters.keyAt(i), parameters.valueAt(i).getArray().toFloatArray());
        }
        return values;
    }

    private static Map<String, float[]> byName(NDList list) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (NDArray a : list) {
            values.put(a.getName(), a.toFloatArray());
        }
        return values;
    }

    /** Records every tensor of the model after each optimiser step. */
    private static final class Recording implements Optimizer {
        final Optimizer inner;
        final TinyNet model;
        final List<Map<String, float[]>> after = new ArrayList<>();

        Recording(Optimizer inner, TinyNet model) {
            this.inner = inner;
            this.model = model;
        }

        @Override
        public void step(List<TrainableParameter> parameters, double learningRate) {
            inner.step(parameters, learningRate);
            after.add(snapshot(model));
        }

        @Override
        public NDList state() {
            return inner.state();
        }

        @Override
        public void loadState(NDList state, List<TrainableParameter> parameters) {
            inner.loadState(state, parameters);
        }
    }

    private static Fit.Builder fit(TinyNet model, Optimizer optimizer, NDManager manager, TinyData data) {
        return Fit.builder().setModel(model).setLoss(new WeightedBceLoss()).setTask(Task.CLASSIFICATION)
                .setOptimizer(optimizer).setSchedule(LrSchedule.constant(0.05)).optValidation(ColourAccuracy.of(data))
                .optEma(DECAY).optSeed(3).optManager(manager);
    }

    /**
     * Six steps (3 epochs of 2 batches): the average Fit keeps equals ema_0 = w_0, ema_k = 0.9 ema_(k-1) + 0.1 w_k
     * worked in double from the weights after each step, for every tensor, batch-norm running statistics too.
     */
    @Test
    void afterKStepsTheAverageIsTheHandComputedOne() throws IOException {
        TinyData data = new TinyData(16, 8, 31);
        try (NDManager manager = OfflineEngine.newManager()) {
            ai.djl.engine.Engine.getInstance().setRandomSeed(3);
            TinyNet model = new TinyNet(false);
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 3, TinyData.SIZE, TinyData.SIZE));
            Map<String, float[]> initial = snapshot(model);
            Recording optimizer = new Recording(new AdamW(1e-3), model);
            Fit fit = fit(model, optimizer, manager, data).build();
            FitResult result = fit.fit(data, 3);
            assertEquals(6, optimizer.after.size());
            Map<String, float[]> ema;
            try (NDList state = fit.ema().state()) {
                ema = byName(state);
            }
            assertEquals(initial.keySet(), ema.keySet());
            int statistics = 0;
            for (String name : initial.keySet()) {
                double[] expected = new double[initial.get(name).length];
                for (int i = 0; i < expected.length; i++) {
                    expected[i] = initial.get(name)[i];
                }
                for (Map<String, float[]> w : optimizer.after) {
                    for (int i = 0; i < expected.length; i++) {
                        expected[i] = DECAY * expected[i] + (1 - DECAY) * w.get(name)[i];
                    }
                }
                float[] actual = ema.get(name);
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], 1e-6 * (1 + Math.abs(expected[i])), name + "[" + i + "]");
                }
                statistics += name.contains("running") ? 1 : 0;
                // the average lags the weights: it is not the last weights
                assertFalse(java.util.Arrays.equals(actual, optimizer.after.get(5).get(name)), name);
            }
            assertEquals(4, statistics, "both batch norms' running means and variances are averaged");
            // the callbacks see the average's metric, the training weights' beside it
            EpochResult last = result.last();
            assertNotNull(last.metrics().get("val_acc"));
            assertNotNull(last.metrics().get("raw_val_acc"));
            // and the training weights are back in the model after validating the average
            assertArrayEquals(optimizer.after.get(5).values().iterator().next(), snapshot(model).values().iterator().next());
        }
    }

    /**
     * Two epochs written to last.ckpt, then a fresh model resumed from it: the average is restored bit for bit;
     * the best checkpoint's model (what predict loads) is the average, also bit for bit; continuing to 4 epochs
     * ends where an uninterrupted run does.
     */
    @Test
    void resumeRestoresTheAverageExactly() throws IOException {
        TinyData data = new TinyData(16, 8, 32);
        Path run = dir.resolve("run");
        Map<String, float[]> saved;
        Map<String, float[]> uninterrupted;
        try (NDManager manager = OfflineEngine.newManager()) {
            Fit fit = fit(new TinyNet(false), new AdamW(1e-3), manager, data).build();
            fit.fit(data, 4);
            try (NDList state = fit.ema().state()) {
                uninterrupted = byName(state);
            }
        }
        try (NDManager manager = OfflineEngine.newManager()) {
            fit(new TinyNet(false), new AdamW(1e-3), manager, data).addCallback(new BestCheckpoint("val_acc"))
                    .addCallback(new LastCheckpoint()).addCallback(new Callback() {
                        @Override
                        public void onEpochEnd(EpochResult epoch, FitControl control) {
                            if (epoch.epoch() == 2) {
                                control.stopTraining();
                            }
                        }
                    }).setRunDir(run).build().fit(data, 4);
            TinyNet probe = new TinyNet(false);
            probe.initialize(manager, DataType.FLOAT32, new Shape(1, 3, TinyData.SIZE, TinyData.SIZE));
            Checkpoint.Contents contents = Checkpoint.read(new RunDir(run).checkpoint(LastCheckpoint.NAME), probe, manager);
            assertNotNull(contents.ema(), "last.ckpt holds the average");
            saved = byName(contents.ema());
            // the best checkpoint's model, as predict loads it, is the average of its epoch
            TinyNet best = new TinyNet(false);
            best.initialize(manager, DataType.FLOAT32, new Shape(1, 3, TinyData.SIZE, TinyData.SIZE));
            ExponentialMovingAverage.loadModel(new RunDir(run).best(), best, manager);
            Checkpoint.Contents bestContents = Checkpoint.read(new RunDir(run).best(), probe, manager);
            Map<String, float[]> bestAverage = byName(bestContents.ema());
            snapshot(best).forEach((name, values) -> assertArrayEquals(bestAverage.get(name), values, 0f, name));
        }
        try (NDManager manager = OfflineEngine.newManager()) {
            // no epoch left to train: what the resume restored, untouched
            Fit resumed = fit(new TinyNet(false), new AdamW(1e-3), manager, data)
                    .optResumeFrom(new RunDir(run).checkpoint(LastCheckpoint.NAME)).build();
            resumed.fit(data, 2);
            Map<String, float[]> restored;
            try (NDList state = resumed.ema().state()) {
                restored = byName(state);
            }
            assertEquals(saved.keySet(), restored.keySet());
            saved.forEach((name, values) -> assertArrayEquals(values, restored.get(name), 0f, name + " bit for bit"));
        }
        try (NDManager manager = OfflineEngine.newManager()) {
            Fit resumed = fit(new TinyNet(false), new AdamW(1e-3), manager, data)
                    .optResumeFrom(new RunDir(run).checkpoint(LastCheckpoint.NAME)).build();
            resumed.fit(data, 4);
            try (NDList state = resumed.ema().state()) {
                Map<String, float[]> continued = byName(state);
                uninterrupted.forEach((name, values) -> assertArrayEquals(values, continued.get(name), 1e-5f, name));
            }
        }
    }

    /** Updating, swapping in for validation and checkpointing the average leave no arrays behind per epoch. */
    @Test
    void nativeArraysDoNotAccumulateAcrossEpochs() throws IOException {
        TinyData data = new TinyData(16, 4, 34);
        List<Integer> counts = new ArrayList<>();
        try (NDManager manager = OfflineEngine.newManager()) {
            fit(new TinyNet(false), new AdamW(0.01), manager, data).setRunDir(dir)
                    .addCallback(new LastCheckpoint()).addCallback(new BestCheckpoint("val_loss"))
                    .addCallback(new Callback() {
                        @Override
                        public void onEpochEnd(EpochResult epoch, FitControl control) {
                            counts.add(control.manager().getManagedArrays().size());
                        }
                    }).build().fit(data, 4);
        }
        assertEquals(counts.get(1), counts.get(3), counts.toString());
    }

    @Test
    void aResumeWithEmaOfARunWithoutOneIsRefused() throws IOException {
        TinyData data = new TinyData(8, 8, 33);
        Path run = dir.resolve("plain");
        try (NDManager manager = OfflineEngine.newManager()) {
            Fit.builder().setModel(new TinyNet(false)).setLoss(new WeightedBceLoss()).setTask(Task.CLASSIFICATION)
                    .setOptimizer(new AdamW(1e-3)).setSchedule(LrSchedule.constant(0.05)).optManager(manager)
                    .addCallback(new LastCheckpoint()).setRunDir(run).build().fit(data, 1);
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> fit(new TinyNet(false), new AdamW(1e-3), manager, data)
                            .optResumeFrom(new RunDir(run).checkpoint(LastCheckpoint.NAME)).build().fit(data, 2));
            assertTrue(e.getMessage().contains("kept no moving average"), e.getMessage());
        }
    }
}
