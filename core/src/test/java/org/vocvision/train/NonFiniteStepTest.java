package org.vocvision.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.loss.Loss;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vocvision.data.Batch;
import org.vocvision.data.BatchSource;
import org.vocvision.engine.OfflineEngine;
import org.vocvision.loss.WeightedBceLoss;
import org.vocvision.run.Checkpoint;
import org.vocvision.run.RunDir;
import org.vocvision.task.Task;

/** A NaN or infinite loss or gradient stops the run where it happened, or (--on-nonfinite skip) is skipped and counted. */
class NonFiniteStepTest {

    @TempDir
    Path dir;

    /** 16 images in batches of 8: two steps per epoch. */
    private final TinyData data = new TinyData(16, 8, 21);

    private static Fit.Builder fit(NDManager manager, Loss loss) {
        return Fit.builder().setModel(new TinyNet(false)).setLoss(loss).setTask(Task.CLASSIFICATION)
                .setOptimizer(new AdamW(1e-4)).setSchedule(LrSchedule.constant(0.02)).optSeed(3).optManager(manager);
    }

    @Test
    void aNaNLossStopsTheRunNamingEpochAndStepAndTheLastCheckpointStaysAsItWas() throws IOException {
        try (NDManager manager = OfflineEngine.newManager()) {
            fit(manager, new WeightedBceLoss()).addCallback(new LastCheckpoint()).setRunDir(dir).build().fit(data, 2);
        }
        Path last = new RunDir(dir).checkpoint(LastCheckpoint.NAME);
        byte[] before = Files.readAllBytes(last);
        byte[] sidecarBefore = Files.readAllBytes(last.resolveSibling("last.json"));
        IllegalStateException e;
        try (NDManager manager = OfflineEngine.newManager()) {
            // resumed after epoch 2: the loss's 2nd call is epoch 3's 2nd step
            Fit resumed = fit(manager, new PoisonedLoss(2, Poison.LOSS)).addCallback(new LastCheckpoint()).setRunDir(dir)
                    .optResumeFrom(last).build();
            e = assertThrows(IllegalStateException.class, () -> resumed.fit(data, 4));
        }
        assertTrue(e.getMessage().contains("non-finite training loss NaN at epoch 3, step 2 of 2 (step 6 of the run"),
                e.getMessage());
        assertTrue(e.getMessage().contains("--on-nonfinite skip"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(last), "last.ckpt was rewritten");
        assertArrayEquals(sidecarBefore, Files.readAllBytes(last.resolveSibling("last.json")), "last.json was rewritten");
        assertEquals(2, Checkpoint.readManifest(last).epoch());
        try (var files = Files.list(last.getParent())) {
            assertEquals(2, files.count(), "only last.ckpt and last.json in checkpoints/, no temporary file");
        }
    }

    @Test
    void aNaNGradientUnderAFiniteLossAlsoStops() {
        try (NDManager manager = OfflineEngine.newManager()) {
            Fit run = fit(manager, new PoisonedLoss(3, Poison.GRADIENT)).build();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> run.fit(data, 3));
            assertTrue(e.getMessage().contains("non-finite training gradient (loss "), e.getMessage());
            assertTrue(e.getMessage().contains("at epoch 2, step 1 of 2 (step 3 of the run"), e.getMessage());
        }
    }

    @Test
    void skipGoesOnWithFiniteParametersAndCountsTheSkippedSteps() throws IOException {
        try (NDManager manager = OfflineEngine.newManager()) {
            TinyNet model = new TinyNet(false);
            FitResult result = fit(manager, new PoisonedLoss(3, Poison.LOSS_AND_GRADIENT)).setModel(model)
                    .optOnNonFinite(OnNonFinite.SKIP).build().fit(data, 3);
            assertEquals(1, result.skippedSteps());
            assertEquals(3, result.history().size());
            result.history().forEach(epoch -> assertTrue(Double.isFinite(epoch.trainLoss()), "epoch " + epoch));
            assertAllFinite(model);
        }
    }

    /** NaN pixels poison batch-norm's running statistics in the forward pass; a skipped step puts them back. */
    @Test
    void skippingABatchWithNaNPixelsKeepsBatchNormStatisticsFinite() throws IOException {
        BatchSource poisoned = withNaNPixel(data, 4);
        try (NDManager manager = OfflineEngine.newManager()) {
            TinyNet model = new TinyNet(false);
            FitResult result = fit(manager, new WeightedBceLoss()).setModel(model).optOnNonFinite(OnNonFinite.SKIP)
                    .build().fit(poisoned, 3);
            assertEquals(1, result.skippedSteps());
            assertAllFinite(model);
        }
        try (NDManager manager = OfflineEngine.newManager()) {
            Fit run = fit(manager, new WeightedBceLoss()).build();
            // the 4th batch served is step 3: Fit reads the first batch once to initialise the model from its shape
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> run.fit(withNaNPixel(data, 4), 3));
            assertTrue(e.getMessage().contains("non-finite training loss NaN at epoch 2, step 1 of 2"), e.getMessage());
        }
    }

    @Test
    void theRecipeNamesTheFlag() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Recipe.builder("mobilenet_v2").optOnNonFinite("ignore").build());
        assertTrue(e.getMessage().contains("--on-nonfinite must be stop or skip, got ignore"), e.getMessage());
        assertEquals("skip", Recipe.builder("mobilenet_v2").optOnNonFinite("skip").build().onNonFinite());
        assertEquals("stop", Recipe.builder("mobilenet_v2").build().onNonFinite());
        assertEquals(OnNonFinite.SKIP, OnNonFinite.of("skip"));
    }

    private static void assertAllFinite(TinyNet model) {
        for (Parameter p : model.getParameters().values()) {
            float[] values = p.getArray().toFloatArray();
            for (float v : values) {
                assertTrue(Float.isFinite(v), p.getName() + " " + Arrays.toString(values));
            }
        }
    }

    private enum Poison { LOSS, GRADIENT, LOSS_AND_GRADIENT }

    /** BCE whose n-th evaluation (1-based) is poisoned: a NaN value, a NaN gradient under a finite value, or both. */
    private static final class PoisonedLoss extends Loss {
        private final Loss inner = new WeightedBceLoss();
        private final int at;
        private final Poison poison;
        private int calls;

        PoisonedLoss(int at, Poison poison) {
            super("poisoned");
            this.at = at;
            this.poison = poison;
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            NDArray value = inner.evaluate(labels, predictions);
            if (++calls != at) {
                return value;
            }
            NDArray logits = predictions.head();
            NDManager m = value.getManager();
            return switch (poison) {
                case LOSS -> value.add(m.create(Float.NaN)); // add's backward does not read the NaN: gradients stay finite
                // d/dx sqrt(|x - x|) at 0 is 0 * inf = NaN; the value is 0
                case GRADIENT -> value.add(logits.sub(logits).abs().sqrt().sum());
                case LOSS_AND_GRADIENT -> value.mul(m.create(Float.NaN));
            };
        }
    }

    /** The same batches with one NaN pixel in the {@code at}-th batch (1-based, counted over all epochs). */
    private static BatchSource withNaNPixel(BatchSource source, int at) {
        int[] served = {0};
        UnaryOperator<Batch> poison = b -> {
            if (++served[0] != at) {
                return b;
            }
            float[] images = b.images().clone();
            images[5] = Float.NaN;
            return new Batch(b.ids(), b.height(), b.width(), images, b.targets(), b.masks());
        };
        return new BatchSource() {
            @Override
            public int batchesPerEpoch() {
                return source.batchesPerEpoch();
            }

            @Override
            public int samples() {
                return source.samples();
            }

            @Override
            public EpochBatches epoch(int epoch) {
                EpochBatches inner = source.epoch(epoch);
                return new EpochBatches() {
                    @Override
                    public boolean hasNext() {
                        return inner.hasNext();
                    }

                    @Override
                    public Batch next() {
                        return poison.apply(inner.next());
                    }

                    @Override
                    public void close() {
                        inner.close();
                    }
                };
            }
        };
    }
}
