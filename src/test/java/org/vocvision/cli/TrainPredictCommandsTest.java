package org.vocvision.cli;

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
import org.vocvision.data.Layout;
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
                "--batch", "4", "--epochs", "1", "--run", dir.resolve("seg").toString()), out.toString());
        JsonNode metrics = new ObjectMapper().readTree(dir.resolve("cls/metrics.json").toFile());
        assertTrue(metrics.has("val_map") && metrics.has("val_f1") && metrics.get("epochs").asInt() == 1, metrics.toString());
        assertTrue(new ObjectMapper().readTree(dir.resolve("seg/metrics.json").toFile()).has("val_miou"));

        Path submission = dir.resolve("submission.csv");
        assertEquals(0, run(out, "predict", "--run", dir.resolve("cls").toString(), "--seg-run", dir.resolve("seg").toString(),
                "--data", data.toString(), "--out", submission.toString()), out.toString());
        assertEquals(1 + 2 * 4, Files.readAllLines(submission).size());
        assertTrue(Files.exists(dir.resolve("predictions.csv")));
        assertEquals(0, run(out, "validate", "--submission", submission.toString(), "--data", data.toString()), out.toString());
        assertEquals(2, run(out, "predict", "--run", dir.resolve("seg").toString(), "--data", data.toString(),
                "--out", submission.toString()), "a segmentation run as --run is refused");
    }
}
