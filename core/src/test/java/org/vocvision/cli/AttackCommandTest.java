package org.vocvision.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vocvision.data.Layout;
import org.vocvision.data.SyntheticVoc;
import org.vocvision.data.VocClasses;
import org.vocvision.engine.OfflineEngine;
import org.vocvision.model.ModelOptions;
import org.vocvision.model.NormalizedModel;
import org.vocvision.model.Zoo;
import org.vocvision.run.Checkpoint;
import org.vocvision.run.CheckpointManifest;
import org.vocvision.run.RunDir;
import org.vocvision.train.Provenance;
import org.vocvision.train.Recipe;
import org.vocvision.train.TrainedModel;

/** {@code vocvision attack} on a run directory and a data set made here by hand. */
class AttackCommandTest {

    private static final int SIZE = 32;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path dir;
    private static Path run;
    private static Path data;
    private static float[] savedLogits;
    private static float[] probe;

    @BeforeAll
    static void writeRunAndData() throws Exception {
        run = dir.resolve("run");
        data = dir.resolve("data");
        // a run that held out train images 1 and 4 of the competition-layout data below
        Recipe recipe = Recipe.builder("mobilenet_v2").optModelOptions(ModelOptions.defaults().withWidth(0.25f))
                .optInputSize(SIZE).build().withProvenance(new Provenance(data.toString(), "competition", "train",
                        "not checked here", 8, List.of("1", "4"), null, Map.of(), "2026-11-28T00:00:00Z"));
        NormalizedModel model = Zoo.create("mobilenet_v2", ModelOptions.defaults().withWidth(0.25f));
        try (NDManager manager = OfflineEngine.newManager()) {
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 3, SIZE, SIZE));
            CheckpointManifest manifest = new CheckpointManifest(CheckpointManifest.FORMAT, RunDir.JSON.valueToTree(recipe),
                    null, 1, 1L, 1.0, 0L, null, Map.of(), List.of(), "2026-11-28T00:00:00Z");
            Checkpoint.write(new RunDir(run).best(), manifest, model, new NDList(manager.zeros(new Shape(1)))); // an empty NDList does not decode (DJL 0.36)
            NDArray x = manager.randomUniform(0f, 1f, new Shape(2, 3, SIZE, SIZE));
            probe = x.toFloatArray();
            savedLogits = model.forward(new ParameterStore(manager, false), new NDList(x), false).head().toFloatArray();
        }
        SyntheticVoc.builder().optLongSide(48).build().write(data, Layout.COMPETITION, 8, 2);
    }

    private static int run(StringWriter out, String... args) {
        picocli.CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        return cli.execute(args);
    }

    @Test
    void loaderRebuildsTheSavedModel() throws Exception {
        try (TrainedModel loaded = TrainedModel.load(run);
                NDManager manager = OfflineEngine.newManager()) {
            assertEquals("mobilenet_v2", loaded.recipe().model());
            assertEquals(org.vocvision.task.Task.CLASSIFICATION, loaded.task());
            assertEquals(SIZE, loaded.inputSize());
            NDArray x = manager.create(probe, new Shape(2, 3, SIZE, SIZE));
            float[] logits = loaded.model().forward(new ParameterStore(manager, false), new NDList(x), false).head().toFloatArray();
            assertArrayEquals(savedLogits, logits, 1e-5f);
        }
    }

    @Test
    void attackWritesAttackJsonIntoTheRun() throws Exception {
        StringWriter out = new StringWriter();
        int code = run(out, "attack", "--run", run.toString(), "--data", data.toString(), "--method", "fgsm",
                "--eps", "0,8/255", "--limit", "4", "--batch-size", "4");
        assertEquals(0, code, out.toString());
        JsonNode json = JSON.readTree(run.resolve("attack.json").toFile());
        assertEquals("fgsm", json.get("method").asText());
        assertEquals("classification", json.get("task").asText());
        assertEquals(2, json.get("results").size());
        assertEquals(8.0 / 255, json.get("results").get(1).get("eps").asDouble(), 1e-12);
        assertEquals(0.0, json.get("results").get(0).get("linf").asDouble());
        double linf = json.get("results").get(1).get("linf").asDouble();
        assertTrue(linf > 0 && linf <= 8.0 / 255 + 1e-6, "linf " + linf);
        assertTrue(Files.exists(run.resolve("figures/robustness-fgsm.png")));
        assertTrue(Files.exists(run.resolve("figures/attack-grid-fgsm.png")));
        // by default the run's own held-out images, never training images
        assertTrue(out.toString().contains("split heldout"), out.toString());
        assertEquals(2, json.get("results").get(0).get("images").asInt(), json.toString());
    }

    /**
     * Defect 2 of the "one task" issue: on a competition-layout data set (no val split of its own),
     * {@code --split val} names exactly the images the run validated on; before, it was "no split 'val'".
     */
    @Test
    void splitValIsTheRunsHeldOutPart() throws Exception {
        try (TrainedModel loaded = TrainedModel.load(run)) {
            org.vocvision.data.Dataset view = loaded.withHeldOut(org.vocvision.data.Datasets.open(data, null));
            assertEquals(List.of("1", "4"), view.ids("val"));
            assertEquals(List.of("1", "4"), view.ids(TrainedModel.HELD_OUT));
            // the images themselves are the training images 1 and 4, not the test images with the same ids
            assertEquals(view.load("train", "4").image().height(), view.load("val", "4").image().height());
            assertArrayEquals(view.load("train", "4").image().pixels(), view.load("val", "4").image().pixels());
        }
        StringWriter out = new StringWriter();
        assertEquals(0, run(out, "attack", "--run", run.toString(), "--data", data.toString(), "--method", "fgsm",
                "--split", "val", "--eps", "0,2/255", "--limit", "10"), out.toString());
        assertTrue(out.toString().contains("split val"), out.toString());
        assertEquals(2, JSON.readTree(run.resolve("attack.json").toFile()).get("results").get(0).get("images").asInt());
    }

    @Test
    void badInputIsOneClearLine() {
        StringWriter out = new StringWriter();
        assertEquals(2, run(out, "attack", "--run", run.toString(), "--data", data.toString(), "--method", "pgd", "--eps", "0,x/255"));
        assertTrue(out.toString().contains("'x/255'"), out.toString());
        StringWriter missing = new StringWriter();
        Path nowhere = dir.resolve("no-run");
        assertEquals(2, run(missing, "attack", "--run", nowhere.toString(), "--data", data.toString(), "--method", "pgd"));
        assertTrue(missing.toString().contains("best.ckpt"), missing.toString());
    }
}
