package org.vocvision.train;

import org.vocvision.run.EpochResult;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vocvision.engine.OfflineEngine;

/** Callbacks on scripted metric sequences, step by step against hand-worked Keras semantics. */
class CallbacksTest {

    /** A FitControl that records what callbacks do. */
    private static final class Recorder implements FitControl {
        double lr = 1.0;
        boolean stopped;
        final List<String> checkpoints = new ArrayList<>();
        final List<EpochResult> history = new ArrayList<>();
        Block model;
        NDManager manager;

        @Override
        public double learningRate() {
            return lr;
        }

        @Override
        public void setLearningRate(double lr) {
            this.lr = lr;
        }

        @Override
        public void stopTraining() {
            stopped = true;
        }

        @Override
        public void requestCheckpoint(String name) {
            checkpoints.add(history.size() + ":" + name);
        }

        @Override
        public Path runDir() {
            return null;
        }

        @Override
        public Block model() {
            return model;
        }

        @Override
        public NDManager manager() {
            return manager;
        }

        @Override
        public List<EpochResult> history() {
            return history;
        }
    }

    private static EpochResult epoch(int number, double valLoss, double valMap) {
        LinkedHashMap<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("val_map", valMap);
        return new EpochResult(number, 0.1, 1.0, valLoss, metrics, 1.0);
    }

    @Test
    void reduceLrOnPlateauFollowsKerasStepByStep() throws IOException {
        // factor 0.5, patience 2, min_delta 0.01, cooldown 1, min_lr 0.2
        ReduceLrOnPlateau plateau = new ReduceLrOnPlateau("val_loss", Mode.MIN, 0.5, 2, 0.01, 1, 0.2);
        Recorder control = new Recorder();
        double[] losses = {1.0, 0.995, 0.99, 1.2, 1.1, 1.1, 1.1, 1.1, 1.1, 0.5};
        double[] lrs = new double[losses.length];
        for (int i = 0; i < losses.length; i++) {
            plateau.onEpochEnd(epoch(i + 1, losses[i], 0), control);
            lrs[i] = control.lr;
        }
        // e1 best 1.0 | e2 0.995 not < 0.99: wait 1 | e3 0.99 not < 0.99: wait 2 -> lr 0.5, cooldown 1
        // e4 cooldown ends (counter 0, wait 0), no improvement: wait 1 | e5 wait 2 -> 0.25
        // e6 wait 1 | e7 wait 2 -> max(0.125, min_lr 0.2) = 0.2 | e8 wait 1
        // e9 wait 2 but lr 0.2 is not above min_lr: unchanged | e10 improvement, lr stays
        assertArrayEquals(new double[] {1, 1, 0.5, 0.5, 0.25, 0.25, 0.2, 0.2, 0.2, 0.2}, lrs, 1e-12);
    }

    @Test
    void reduceLrOnPlateauStateSurvivesAResume() throws IOException {
        ReduceLrOnPlateau first = new ReduceLrOnPlateau("val_loss", Mode.MIN, 0.5, 2, 0, 0, 0);
        Recorder control = new Recorder();
        first.onEpochEnd(epoch(1, 1.0, 0), control);
        first.onEpochEnd(epoch(2, 1.0, 0), control);
        ReduceLrOnPlateau resumed = new ReduceLrOnPlateau("val_loss", Mode.MIN, 0.5, 2, 0, 0, 0);
        resumed.restore(first.state());
        resumed.onEpochEnd(epoch(3, 1.0, 0), control); // wait reaches 2 only with the restored wait of 1
        assertEquals(0.5, control.lr, 1e-12);
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestEpoch() throws IOException {
        try (NDManager manager = OfflineEngine.newManager()) {
            Recorder control = new Recorder();
            control.manager = manager;
            control.model = Linear.builder().setUnits(1).build();
            control.model.initialize(manager, DataType.FLOAT32, new Shape(1, 1));
            EarlyStopping stopping = new EarlyStopping("val_map", Mode.MAX, 2, 0.01, true);
            double[] maps = {0.5, 0.505, 0.6, 0.59, 0.605, 0.7};
            int stoppedAt = 0;
            for (int i = 0; i < maps.length && !control.stopped; i++) {
                // the "model" is its epoch number, so the restored value shows which epoch came back
                control.model.getParameters().valueAt(0).getArray().set(new float[] {i + 1});
                stopping.onEpochEnd(epoch(i + 1, 0, maps[i]), control);
                stoppedAt = i + 1;
            }
            // e1 best 0.5 | e2 0.505 not > 0.51: wait 1 | e3 best 0.6 | e4 wait 1 | e5 0.605 not > 0.61: wait 2, stop
            assertTrue(control.stopped);
            assertEquals(5, stoppedAt);
            assertEquals(3, stopping.bestEpoch());
            stopping.onTrainEnd(control);
            assertEquals(3f, control.model.getParameters().valueAt(0).getArray().getFloat(0, 0));
        }
    }

    @Test
    void earlyStoppingNeverStopsAfterTheFirstEpoch() throws IOException {
        Recorder control = new Recorder();
        EarlyStopping stopping = new EarlyStopping("val_loss", Mode.MIN, 0, 0, false);
        stopping.onEpochEnd(epoch(1, Double.NaN, 0), control);
        assertFalse(control.stopped);
        stopping.onEpochEnd(epoch(2, 1.0, 0), control); // improvement over +inf resets the wait
        assertFalse(control.stopped);
        stopping.onEpochEnd(epoch(3, 1.0, 0), control);
        assertTrue(control.stopped);
    }

    @Test
    void bestCheckpointIsRequestedOnlyOnImprovement() throws IOException {
        Recorder control = new Recorder();
        BestCheckpoint best = new BestCheckpoint("val_map");
        double[] maps = {0.3, 0.5, 0.4, 0.5, 0.6};
        for (int i = 0; i < maps.length; i++) {
            control.history.add(epoch(i + 1, 0, maps[i]));
            best.onEpochEnd(control.history.get(i), control);
        }
        assertEquals(List.of("1:best", "2:best", "5:best"), control.checkpoints);
    }

    @Test
    void unknownMonitorNamesTheAvailableQuantities() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BestCheckpoint("val_miou").onEpochEnd(epoch(1, 0, 0.5), new Recorder()));
        assertTrue(e.getMessage().contains("val_map"), e.getMessage());
    }

    @Test
    void historyCsvHasTheStatedColumns() {
        LinkedHashMap<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("val_map", 0.75);
        metrics.put("val_f1", 0.5);
        String csv = HistoryCsv.render(List.of(new EpochResult(1, 0.001, 0.5, Double.NaN, metrics, 12.345)));
        assertEquals("epoch,lr,train_loss,val_loss,val_map,val_f1,seconds,rss_mb\n1,0.00100000,0.500000,,0.750000,0.500000,12.35,\n", csv);
    }

    @Test
    void ticksAreRoundNumbersCoveringTheRange() {
        // range 0.78 over ~4 ticks: raw step 0.195 -> 0.2, first tick ceil(0.13 / 0.2) * 0.2
        List<Double> ticks = LearningCurves.ticks(0.13, 0.91, 4);
        assertArrayEquals(new double[] {0.2, 0.4, 0.6, 0.8}, ticks.stream().mapToDouble(d -> d).toArray(), 1e-12);
        // epochs 1..5 with 10 ticks wanted: step 0.5; the chart keeps the whole ones
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0),
                LearningCurves.ticks(1, 5, 10).stream().filter(t -> t == Math.rint(t)).toList());
    }

    @Test
    void finetuningStagesParse() {
        TinyNet net = new TinyNet(false);
        Finetuning f = Finetuning.parse(net.parts(), 2, "last-block,all@5", 0.1);
        assertEquals(Finetuning.Stage.HEAD, f.at(0));
        assertEquals(Finetuning.Stage.HEAD, f.at(1));
        assertEquals(Finetuning.Stage.LAST_BLOCK, f.at(2));
        assertEquals(Finetuning.Stage.LAST_BLOCK, f.at(4));
        assertEquals(Finetuning.Stage.ALL, f.at(5));
        assertEquals(Finetuning.Stage.ALL, Finetuning.parse(net.parts(), 0, "", 0.1).at(0));
        assertThrows(IllegalArgumentException.class, () -> Finetuning.parse(net.parts(), 1, "middle@3", 0.1));
    }
}
