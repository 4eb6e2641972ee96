package org.vocvision.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vocvision.data.InvalidDataException;
import org.vocvision.engine.OfflineEngine;

class CheckpointTest {

    @TempDir
    Path dir;

    /** A model whose parameter writer dies half-way, like a full disk or a killed process. */
    private static final class DyingModel extends SequentialBlock {
        @Override
        public void saveParameters(DataOutputStream os) throws IOException {
            os.write(new byte[4096]);
            throw new IOException("simulated crash while writing parameters");
        }
    }

    private static SequentialBlock model(SequentialBlock block, NDManager manager, float fill) {
        block.add(Linear.builder().setUnits(4).build()).add(BatchNorm.builder().build());
        block.initialize(manager, DataType.FLOAT32, new Shape(2, 3));
        for (var p : block.getParameters().values()) {
            NDArray a = p.getArray();
            a.set(manager.full(a.getShape(), fill).toFloatArray());
        }
        return block;
    }

    private static CheckpointManifest manifest(int epoch, JsonNode thresholds) {
        ObjectNode recipe = JsonNodeFactory.instance.objectNode().put("model", "mobilenet_v2").put("lr", 0.01)
                .put("inputSize", 224);
        LinkedHashMap<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("val_map", 0.5);
        return new CheckpointManifest(CheckpointManifest.FORMAT, recipe, thresholds, epoch, 10L * epoch,
                0.5, 42, "HEAD", Map.of("0:ReduceLrOnPlateau", JsonNodeFactory.instance.objectNode().put("wait", 1)),
                List.of(new EpochResult(epoch, 0.01, 0.7, Double.NaN, metrics, 3.0)), "2026-11-28T00:00:00Z");
    }

    private static NDList optimizerState(NDManager manager, float value) {
        NDArray moment = manager.full(new Shape(4, 3), value);
        moment.setName("exp_avg/01Linear_weight");
        return new NDList(moment);
    }

    @Test
    void roundTripRestoresParametersOptimizerStateAndManifest() throws IOException {
        Path file = new RunDir(dir).checkpoint("best");
        try (NDManager manager = OfflineEngine.newManager()) {
            SequentialBlock saved = model(new SequentialBlock(), manager, 0.25f);
            JsonNode thresholds = JsonNodeFactory.instance.arrayNode().add(0.3).add(0.6);
            Checkpoint.write(file, manifest(3, thresholds), saved, optimizerState(manager, 7f));
            SequentialBlock loaded = model(new SequentialBlock(), manager, 0f);
            Checkpoint.Contents contents = Checkpoint.read(file, loaded, manager);
            for (int i = 0; i < saved.getParameters().size(); i++) {
                assertArrayEquals(saved.getParameters().valueAt(i).getArray().toFloatArray(),
                        loaded.getParameters().valueAt(i).getArray().toFloatArray(), 0f);
            }
            CheckpointManifest m = contents.manifest();
            assertEquals("mobilenet_v2", m.recipe().get("model").asText());
            assertEquals(224, m.recipe().get("inputSize").asInt());
            assertEquals(0.6, m.thresholds().get(1).asDouble(), 0);
            assertEquals(3, m.epoch());
            assertEquals(30, m.step());
            assertTrue(Double.isNaN(m.history().get(0).valLoss()));
            assertEquals(0.5, m.history().get(0).metrics().get("val_map"), 0);
            assertEquals(1, m.callbacks().get("0:ReduceLrOnPlateau").get("wait").asInt());
            assertEquals("exp_avg/01Linear_weight", contents.optimizerState().get(0).getName());
            assertEquals(7f, contents.optimizerState().get(0).getFloat(1, 2));
            // the readable sidecar says the same
            assertEquals(3, RunDir.JSON.readTree(dir.resolve("checkpoints/best.json").toFile()).get("epoch").asInt());
        }
    }

    @Test
    void aCrashWhileWritingLeavesThePreviousCheckpointIntact() throws IOException {
        Path file = new RunDir(dir).checkpoint("last");
        try (NDManager manager = OfflineEngine.newManager()) {
            SequentialBlock good = model(new SequentialBlock(), manager, 0.5f);
            Checkpoint.write(file, manifest(1, null), good, optimizerState(manager, 1f));
            byte[] before = Files.readAllBytes(file);

            SequentialBlock dying = model(new DyingModel(), manager, 0.9f);
            IOException crash = assertThrows(IOException.class,
                    () -> Checkpoint.write(file, manifest(2, null), dying, optimizerState(manager, 2f)));
            assertTrue(crash.getMessage().contains("simulated crash"));

            assertArrayEquals(before, Files.readAllBytes(file));
            assertFalse(Files.exists(file.resolveSibling("last.ckpt.tmp")));
            assertEquals(1, Checkpoint.readManifest(file).epoch());
            SequentialBlock loaded = model(new SequentialBlock(), manager, 0f);
            Checkpoint.read(file, loaded, manager);
            assertEquals(0.5f, loaded.getParameters().valueAt(0).getArray().getFloat(0, 0));
        }
    }

    @Test
    void thresholdsCanBeSetAfterTuning() throws IOException {
        Path file = new RunDir(dir).checkpoint("best");
        try (NDManager manager = OfflineEngine.newManager()) {
            Checkpoint.write(file, manifest(4, null), model(new SequentialBlock(), manager, 0.5f),
                    optimizerState(manager, 1f));
            Checkpoint.setThresholds(file, JsonNodeFactory.instance.arrayNode().add(0.4).add(0.45));
            assertEquals(0.45, Checkpoint.readManifest(file).thresholds().get(1).asDouble(), 0);
            SequentialBlock loaded = model(new SequentialBlock(), manager, 0f);
            Checkpoint.read(file, loaded, manager);
            assertEquals(0.5f, loaded.getParameters().valueAt(0).getArray().getFloat(0, 0));
        }
    }

    @Test
    void aFileThatIsNotACheckpointIsNamedInTheError() throws IOException {
        Path file = dir.resolve("notes.ckpt");
        Files.writeString(file, "hello");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> Checkpoint.readManifest(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        InvalidDataException missing = assertThrows(InvalidDataException.class,
                () -> Checkpoint.readManifest(dir.resolve("none.ckpt")));
        assertTrue(missing.getMessage().contains("none.ckpt"), missing.getMessage());
    }

    @Test
    void parametersOfAnotherShapeAreRejected() throws IOException {
        Path file = new RunDir(dir).checkpoint("best");
        try (NDManager manager = OfflineEngine.newManager()) {
            Checkpoint.write(file, manifest(1, null), model(new SequentialBlock(), manager, 0.5f),
                    optimizerState(manager, 1f));
            SequentialBlock other = new SequentialBlock().add(Linear.builder().setUnits(5).build());
            other.initialize(manager, DataType.FLOAT32, new Shape(2, 3));
            InvalidDataException e = assertThrows(InvalidDataException.class, () -> Checkpoint.read(file, other, manager));
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
            SequentialBlock wider = new SequentialBlock().add(Linear.builder().setUnits(5).build())
                    .add(BatchNorm.builder().build());
            wider.initialize(manager, DataType.FLOAT32, new Shape(2, 3));
            InvalidDataException shape = assertThrows(InvalidDataException.class,
                    () -> Checkpoint.read(file, wider, manager));
            assertTrue(shape.getMessage().contains("01Linear_weight"), shape.getMessage());
        }
    }
}
