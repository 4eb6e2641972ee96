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

    /** Options are checked before any data is read, and a refused command leaves no run directory behind. */
    @Test
    void refusesAModelOfTheOtherTaskBeforeReadingData(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        assertEquals(2, run(out, "train", "classifier", "--data", dir.resolve("missing").toString(), "--model",
                "deeplabv3plus", "--run", dir.resolve("run").toString()));
        assertTrue(out.toString().contains("--model deeplabv3plus is not a classification model; valid: alexnet"),
                out.toString());
        assertTrue(!out.toString().contains("unet") && !out.toString().contains("missing"), out.toString());
        out = new StringWriter();
        assertEquals(2, run(out, "train", "segmenter", "--data", dir.resolve("missing").toString(), "--epochs", "-1",
                "--run", dir.resolve("run").toString()));
        assertTrue(out.toString().contains("--epochs must be > 0, got -1"), out.toString());
        assertTrue(!Files.exists(dir.resolve("run")), "no half-made run directory");
    }

    /**
     * A segmenter with a weight file and no run (torchvision's LR-ASPP, fixture of make_segmentation_fixtures.py
     * with 5 classes): masks as palette PNGs, and each classification row lists the classes that cover at
     * least 0.5% of that image's mask.
     */
    @Test
    void predictsWithASegmenterWeightFileAlone(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        SyntheticVoc.builder().optSeed(5).optLongSide(48).build().write(data, Layout.COMPETITION, 4, 3);
        StringWriter out = new StringWriter();
        Path submission = dir.resolve("tv/submission.csv");
        assertEquals(0, run(out, "predict", "--model", "lraspp_mobilenet_v3_large", "--width", "0.25", "--num-classes",
                "5", "--input-size", "48", "--weights", "src/test/resources/weights/lraspp_mobilenet_v3_large_w025.safetensors",
                "--data", data.toString(), "--out", submission.toString()), out.toString());
        java.util.List<org.vocvision.submit.Submission.Row> rows = org.vocvision.submit.Submission.read(submission).rows();
        assertEquals(2 * 3, rows.size());
        for (int i = 0; i < 3; i++) {
            org.vocvision.data.Mask mask = org.vocvision.data.PalettePng.read(dir.resolve("tv/masks/" + i + ".png"));
            int[] pixels = new int[21];
            for (byte v : mask.values()) {
                pixels[v & 0xFF]++;
            }
            assertTrue(pixels[5] + pixels[6] == 0, "5 classes: mask values 0..4");
            StringBuilder expected = new StringBuilder();
            for (int c = 1; c <= 20; c++) {
                if (pixels[c] >= 0.005 * mask.values().length) {
                    expected.append(expected.length() == 0 ? "" : " ").append(c).append(" 1");
                }
            }
            assertEquals(i + "_classification", rows.get(2 * i).id());
            assertEquals(expected.toString(), expand(rows.get(2 * i).field()));
        }
    }

    /** train segmenter fine-tunes a torchvision segmenter from its weight file (the head of another class count dropped). */
    @Test
    void finetunesATorchvisionSegmenterFromItsWeights(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        SyntheticVoc.builder().optSeed(6).optLongSide(40).build().write(data, Layout.COMPETITION, 12, 2);
        StringWriter out = new StringWriter();
        Path weights = Path.of("src/test/resources/weights/lraspp_mobilenet_v3_large_w025.safetensors");
        assertEquals(0, run(out, "train", "segmenter", "--model", "lraspp_mobilenet_v3_large", "--width", "0.25",
                "--weights", weights.toString(), "--data", data.toString(), "--crop", "32", "--batch", "4",
                "--epochs", "1", "--run", dir.resolve("seg").toString()), out.toString());
        try (TrainedModel seg = TrainedModel.load(dir.resolve("seg"));
                NDManager manager = OfflineEngine.newManager()) {
            assertEquals(weights.toString(), seg.recipe().weights());
            // one epoch moved the backbone from the file's values, but not far
            NDArray file = org.vocvision.model.SafeTensors.read(manager, weights).get("backbone.0.0.weight");
            NDArray trained = StateDict.parameters(seg.model()).get("backbone.0.0.weight").getArray();
            float change = trained.toDevice(file.getDevice(), false).sub(file).abs().max().getFloat();
            assertTrue(change > 0 && change < 0.1 * file.abs().max().getFloat(), "backbone change " + change);
        }
    }

    /** "3 2" (a run of two) as "3 1 4 1": one position per class, to compare with a list of classes. */
    private static String expand(String rle) {
        if (rle.isEmpty()) {
            return "";
        }
        String[] t = rle.split(" ");
        StringBuilder out = new StringBuilder();
        for (int k = 0; k < t.length; k += 2) {
            int start = Integer.parseInt(t[k]);
            for (int j = 0; j < Integer.parseInt(t[k + 1]); j++) {
                out.append(out.length() == 0 ? "" : " ").append(start + j).append(" 1");
            }
        }
        return out.toString();
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
        StringWriter refused = new StringWriter();
        assertEquals(2, run(refused, "predict", "--run", dir.resolve("seg").toString(), "--seg-run",
                dir.resolve("seg").toString(), "--data", data.toString(), "--out", submission.toString(), "--force"),
                "a second segmenter is refused");
        assertTrue(refused.toString().contains("--seg-run goes with a classifier"), refused.toString());

        // nothing is overwritten silently: a finished run and predict's outputs need --force
        refused = new StringWriter();
        assertEquals(2, run(refused, "predict", "--run", dir.resolve("cls").toString(), "--data", data.toString(),
                "--out", submission.toString()));
        assertTrue(refused.toString().contains(submission + " exists") && refused.toString().contains("--force"),
                refused.toString());
        refused = new StringWriter();
        assertEquals(2, run(refused, "train", "classifier", "--data", data.toString(), "--model", "mobilenet_v2",
                "--run", dir.resolve("cls").toString()));
        assertTrue(refused.toString().contains("holds a run already") && refused.toString().contains("--force"),
                refused.toString());
        assertEquals(0, run(out, "predict", "--run", dir.resolve("cls").toString(), "--data", data.toString(),
                "--out", submission.toString(), "--force"), out.toString());

        // the trained run exported in torchvision naming loads strictly into a fresh model with equal outputs
        Path exported = dir.resolve("cls.safetensors");
        assertEquals(0, run(out, "weights", "export", "--run", dir.resolve("cls").toString(), "--out", exported.toString()), out.toString());
        // ... and predicts without its run: the same probabilities as predict --run
        Path fromWeights = dir.resolve("weights/submission.csv");
        assertEquals(0, run(out, "predict", "--model", "mobilenet_v2", "--width", "0.25", "--input-size", "32",
                "--weights", exported.toString(), "--data", data.toString(), "--out", fromWeights.toString()), out.toString());
        assertEquals(Files.readAllLines(dir.resolve("predictions.csv")),
                Files.readAllLines(dir.resolve("weights/predictions.csv")));
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
