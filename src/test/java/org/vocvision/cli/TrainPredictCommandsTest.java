package org.vocvision.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.vocvision.data.Layout;
import org.vocvision.engine.OfflineEngine;
import org.vocvision.model.LoadOptions;
import org.vocvision.model.ModelOptions;
import org.vocvision.model.NormalizedModel;
import org.vocvision.model.StateDict;
import org.vocvision.model.Zoo;
import org.vocvision.train.TrainedModel;
import org.vocvision.data.SyntheticVoc;

/** train classifier, train segmenter, predict and validate, end to end through the command line. */
class TrainPredictCommandsTest {

    private static int run(StringWriter out, String... args) {
        picocli.CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        return cli.execute(args);
    }

    @Test
    void trainBothPredictAndValidate(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        SyntheticVoc.builder().optSeed(3).optLongSide(40).build().write(data, Layout.COMPETITION, 16, 4);
        StringWriter out = new StringWriter();
        assertEquals(0, run(out, "train", "classifier", "--data", data.toString(), "--model", "mobilenet_v2",
                "--width", "0.25", "--image-size", "32", "--batch", "8", "--epochs", "1", "--run", dir.resolve("cls").toString()), out.toString());
        assertEquals(0, run(out, "train", "segmenter", "--data", data.toString(), "--width", "0.25", "--crop", "32",
                "--batch", "4", "--epochs", "1", "--on-nonfinite", "skip", "--run", dir.resolve("seg").toString()), out.toString());
        JsonNode metrics = new ObjectMapper().readTree(dir.resolve("cls/metrics.json").toFile());
        assertTrue(metrics.has("val_map") && metrics.has("val_f1") && metrics.get("epochs").asInt() == 1, metrics.toString());
        JsonNode segMetrics = new ObjectMapper().readTree(dir.resolve("seg/metrics.json").toFile());
        assertTrue(segMetrics.has("val_miou"), segMetrics.toString());
        assertEquals(0, segMetrics.get("skipped_steps").asInt(), segMetrics.toString());
        assertEquals("skip", new ObjectMapper().readTree(dir.resolve("seg/config.json").toFile()).get("onNonFinite").asText());
        assertEquals("stop", new ObjectMapper().readTree(dir.resolve("cls/config.json").toFile()).get("onNonFinite").asText());

        Path submission = dir.resolve("submission.csv");
        assertEquals(0, run(out, "predict", "--run", dir.resolve("cls").toString(), "--seg-run", dir.resolve("seg").toString(),
                "--data", data.toString(), "--out", submission.toString()), out.toString());
        assertEquals(1 + 2 * 4, Files.readAllLines(submission).size());
        assertTrue(Files.exists(dir.resolve("predictions.csv")));
        assertEquals(0, run(out, "validate", "--submission", submission.toString(), "--data", data.toString()), out.toString());

        // --split val: exactly the images the classification run held out (the competition layout has no val split)
        Path heldOut = dir.resolve("val/submission.csv");
        assertEquals(0, run(out, "predict", "--run", dir.resolve("cls").toString(), "--data", data.toString(),
                "--split", "val", "--out", heldOut.toString()), out.toString());
        try (TrainedModel cls = TrainedModel.load(dir.resolve("cls"))) {
            java.util.List<String> expected = new java.util.ArrayList<>();
            for (String id : cls.recipe().provenance().valIds()) {
                expected.add(id + "_classification");
                expected.add(id + "_segmentation");
            }
            assertEquals(expected, org.vocvision.submit.Submission.read(heldOut).rows().stream()
                    .map(org.vocvision.submit.Submission.Row::id).toList());
        }
        assertEquals(2, run(out, "predict", "--run", dir.resolve("seg").toString(), "--data", data.toString(),
                "--out", submission.toString()), "a segmentation run as --run is refused");

        // the trained run exported in torchvision naming loads strictly into a fresh model with equal outputs
        Path exported = dir.resolve("cls.safetensors");
        assertEquals(0, run(out, "weights", "export", "--run", dir.resolve("cls").toString(), "--out", exported.toString()), out.toString());
        try (TrainedModel trained = TrainedModel.load(dir.resolve("cls"));
                NDManager manager = OfflineEngine.newManager()) {
            NormalizedModel fresh = Zoo.create("mobilenet_v2", ModelOptions.defaults().withWidth(0.25f));
            fresh.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            StateDict.load(fresh.network(), exported, LoadOptions.strict());
            NDArray x = manager.randomUniform(0, 1, new Shape(2, 3, 32, 32));
            float[] expected = trained.model().forward(new ParameterStore(manager, false), new NDList(x), false).head().toFloatArray();
            float[] actual = fresh.forward(new ParameterStore(manager, false), new NDList(x), false).head().toFloatArray();
            assertArrayEquals(expected, actual, 1e-6f);
        }
    }
}
