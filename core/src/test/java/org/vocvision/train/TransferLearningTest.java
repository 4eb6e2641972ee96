package org.vocvision.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vocvision.data.InMemoryDataset;
import org.vocvision.data.SyntheticVoc;
import org.vocvision.engine.OfflineEngine;
import org.vocvision.model.NormalizedModel;
import org.vocvision.model.StateDict;
import org.vocvision.model.Zoo;
import org.vocvision.model.ModelOptions;
import org.vocvision.run.RunDir;

/**
 * Freeze-then-fine-tune through the classifier pipeline: one head-only epoch, then the last block.
 * Frozen tensors (and the batch-norm statistics of a backbone in inference mode) stay bit-identical
 * to the seeded initialisation; the stages that train change.
 */
class TransferLearningTest {

    @TempDir
    static Path dir;

    static InMemoryDataset data;
    static Recipe recipe;
    static Map<String, float[]> initial;
    static Map<String, float[]> trained;

    @BeforeAll
    static void trainTwoStages() throws IOException {
        data = SyntheticVoc.builder().optLongSide(32).optSeed(3).build().dataset(24, 0);
        recipe = small(2).optTransfer(new TransferSettings(1, "last-block", 0.5)).build();
        Training.run(data, "train", recipe, dir.resolve("run"), false);
        try (NDManager manager = OfflineEngine.newManager()) {
            // the same initialisation as Training's: engine seed, then initialise
            NormalizedModel fresh = Zoo.create("mobilenet_v2", recipe.modelOptions());
            Engine.getInstance().setRandomSeed((int) recipe.seed());
            fresh.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            initial = values(fresh);
        }
        try (TrainedModel model = TrainedModel.loadCheckpoint(new RunDir(dir.resolve("run")).last())) {
            trained = values(model.model());
        }
    }

    private static Recipe.Builder small(int epochs) {
        return Recipe.builder("mobilenet_v2").optModelOptions(ModelOptions.defaults().withWidth(0.25f)).optInputSize(32)
                .optBatch(8).optEpochs(epochs).optLr(1e-2).optThreads(0).optSeed(17);
    }

    private static Map<String, float[]> values(NormalizedModel model) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : StateDict.parameters(model).entrySet()) {
            out.put(e.getKey(), e.getValue().getArray().toFloatArray());
        }
        return out;
    }

    private static boolean unchanged(String name) {
        return Arrays.equals(initial.get(name), trained.get(name));
    }

    @Test
    void frozenBackboneAndItsStatisticsStayBitIdentical() {
        for (String name : List.of("features.0.0.weight", "features.0.1.weight", "features.0.1.running_mean",
                "features.0.1.running_var", "features.13.conv.0.0.weight", "features.13.conv.0.1.running_var")) {
            assertTrue(unchanged(name), name + " moved");
        }
    }

    @Test
    void lastBlockLearnsButKeepsItsStatisticsAndTheHeadLearns() {
        assertFalse(unchanged("features.14.conv.0.0.weight"), "last block's conv did not train");
        assertFalse(unchanged("features.18.1.weight"), "last block's norm scale did not train");
        assertTrue(unchanged("features.14.conv.0.1.running_mean"), "last block in inference mode: statistics fixed");
        assertFalse(unchanged("classifier.1.weight"), "head did not train");
    }

    @Test
    void resumeContinuesTheRunAndRefusesAnotherRecipe() throws IOException {
        Path runDir = dir.resolve("resumed");
        Recipe oneEpoch = small(1).build();
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> Training.run(data, "train", oneEpoch, runDir, true));
        assertTrue(none.getMessage().contains("last.ckpt"), none.getMessage());

        Training.run(data, "train", oneEpoch, runDir, false);
        TrainingResult resumed = Training.run(data, "train", small(2).build(), runDir, true);
        assertEquals(2, resumed.epochs());
        assertEquals(3, Files.readAllLines(runDir.resolve("history.csv")).size()); // header + 2 epochs

        Recipe otherLr = small(3).optLr(5e-3).build();
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> Training.run(data, "train", otherLr, runDir, true));
        assertTrue(other.getMessage().contains("config.json") && other.getMessage().contains("another recipe"),
                other.getMessage());
    }

    @Test
    void stagesAreCheckedWhenTheSettingsAreMade() {
        assertThrows(IllegalArgumentException.class, () -> new TransferSettings(2, "middle", 1));
        assertThrows(IllegalArgumentException.class, () -> new TransferSettings(-1, null, 1));
        assertThrows(IllegalArgumentException.class, () -> new TransferSettings(1, null, 0));
        assertTrue(TransferSettings.NONE.isNone());
        assertFalse(new TransferSettings(0, null, 0.1).isNone());
    }
}
