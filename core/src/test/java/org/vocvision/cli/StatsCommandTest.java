package org.vocvision.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vocvision.data.DatasetWriter;
import org.vocvision.data.Label;
import org.vocvision.data.Layout;
import org.vocvision.data.Mask;
import org.vocvision.data.RgbImage;
import org.vocvision.data.Sample;
import org.vocvision.data.VocClasses;
import picocli.CommandLine;

class StatsCommandTest {

    @TempDir Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    /** Three 2x2 training images: person, person, person + dog; one test image. */
    private void competition() {
        List<Sample> train = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Label[] labels = new Label[VocClasses.COUNT];
            Arrays.fill(labels, Label.ABSENT);
            labels[VocClasses.indexOf("person")] = Label.PRESENT;
            Mask mask = new Mask(2, 2, new byte[] {0, 15, 15, 0});
            if (i == 2) {
                labels[VocClasses.indexOf("dog")] = Label.PRESENT;
                mask.set(1, 1, 12);
            }
            train.add(new Sample(Integer.toString(i), RgbImage.blank(2, 2), labels, mask, null));
        }
        List<Sample> test = List.of(new Sample("0", RgbImage.blank(3, 5), Sample.unknownLabels(), null, null));
        DatasetWriter.write(dir, Layout.COMPETITION, train, test);
    }

    @Test
    void printsOneJsonObjectWithTheDocumentedKeys() throws IOException {
        competition();
        assertEquals(0, run("stats", "--data", dir.toString(), "--json"));
        JsonNode json = new ObjectMapper().readTree(out.toString());
        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("images", "class_images", "class_weights", "pos_weight", "pixel_fraction", "sizes"), keys);
        assertEquals(3, json.get("images").asInt());
        assertEquals(1, json.get("class_images").get("dog").asInt());
        assertEquals(3.0 / 20, json.get("class_weights").get("dog").asDouble(), 1e-12);
        assertEquals(2.0, json.get("pos_weight").get("dog").asDouble(), 1e-12);
        // 12 pixels: background 5, person 6, dog 1
        assertEquals(5 / 12.0, json.get("pixel_fraction").get("background").asDouble(), 1e-12);
        assertEquals(3, json.get("sizes").get("2x2").asInt());
    }

    @Test
    void testSplitHasNoPixelFraction() throws IOException {
        competition();
        assertEquals(0, run("stats", "--data", dir.toString(), "--split", "test", "--json", "--layout", "competition"));
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertTrue(json.get("pixel_fraction") == null, out.toString());
        assertEquals(1, json.get("sizes").get("3x5").asInt());
    }

    @Test
    void printsATableByDefault() {
        competition();
        assertEquals(0, run("stats", "--data", dir.toString()));
        String table = out.toString();
        assertTrue(table.contains("split train: 3 images"), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("dog") && l.contains(" 1 ") && l.contains("0.1500")), table);
    }

    @Test
    void skipInvalidListsTheSkippedFiles() throws IOException {
        competition();
        Files.delete(dir.resolve("train/img/train_1.npy"));
        assertEquals(0, run("stats", "--data", dir.toString(), "--skip-invalid", "--json"));
        assertTrue(err.toString().contains("skipped 1 invalid sample") && err.toString().contains("train_1.npy"),
                err.toString());
        assertTrue(out.toString().contains("\"images\" : 2"), out.toString());
    }

    @Test
    void badDataIsOneLineAndExitCode2() {
        assertEquals(2, run("stats", "--data", dir.toString()));
        assertTrue(err.toString().contains("directory is empty"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    @Test
    void helpShowsAnExample() {
        assertEquals(0, run("stats", "--help"));
        assertTrue(out.toString().contains("vocvision stats --data"), out.toString());
    }
}
