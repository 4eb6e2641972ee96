package org.vocvision.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vocvision.engine.OfflineEngine;
import org.vocvision.model.FloatNpy;
import org.vocvision.model.SafeTensors;
import org.vocvision.model.WeightFile;
import picocli.CommandLine;

/** {@code weights convert} end to end: torch.save fixtures (make_pth_fixtures.py) in, .safetensors out. */
class WeightsCommandTest {

    private static final Path PTH = Path.of("src/test/resources/pth");

    @TempDir Path dir;

    private static int run(StringWriter out, String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        return cli.execute(args);
    }

    /** DJL's own safetensors decoder keeps every dtype: an independent read of what we wrote. */
    private static Map<String, NDArray> decode(NDManager manager, Path file) throws IOException {
        Map<String, NDArray> out = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (NDArray a : NDList.decode(manager, in)) {
                out.put(a.getName(), a);
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dtypes.pth", "dtypes_legacy.pth", "nested_state_dict_legacy.pth", "data_parallel.pth"})
    void convertWritesTheSameTensors(String name) throws IOException {
        Path in = PTH.resolve(name);
        Path out = dir.resolve("out.safetensors");
        StringWriter log = new StringWriter();
        assertEquals(0, run(log, "weights", "convert", in.toString(), out.toString()), log.toString());
        assertTrue(log.toString().contains("tensors to " + out), log.toString());
        assertFalse(Files.exists(dir.resolve("out.safetensors.tmp")));
        try (NDManager manager = OfflineEngine.newManager()) {
            Map<String, NDArray> expected = WeightFile.read(manager, in);
            Map<String, NDArray> actual = decode(manager, out);
            assertEquals(expected.keySet(), actual.keySet());
            expected.forEach((k, e) -> {
                NDArray a = actual.get(k);
                assertEquals(e.getDataType(), a.getDataType(), k);
                assertEquals(e.getShape(), a.getShape(), k);
                assertEquals(e.toByteBuffer(), a.toByteBuffer(), k);
            });
        }
    }

    @Test
    void aConvertedTorchvisionStyleFileLoadsAsTheOriginal() throws IOException {
        Path out = dir.resolve("mnv2.safetensors");
        assertEquals(0, run(new StringWriter(), "weights", "convert", PTH.resolve("mobilenet_v2_w025.pth").toString(),
                out.toString()));
        try (NDManager manager = OfflineEngine.newManager()) {
            Map<String, NDArray> original = SafeTensors.read(manager, Path.of("src/test/resources/weights/mobilenet_v2_w025.safetensors"));
            Map<String, NDArray> converted = SafeTensors.read(manager, out);
            assertEquals(original.keySet(), converted.keySet());
            original.forEach((k, v) -> assertArrayEquals(v.toFloatArray(), converted.get(k).toFloatArray(), k));
        }
    }

    @Test
    void logitsTakeATorchSavedPthWithoutConversion() throws IOException {
        // make_weight_fixtures.py: torchvision mobilenet_v2(width_mult=0.25, num_classes=5), its input and logits;
        // make_pth_fixtures.py saved the same state_dict with torch.save
        float[] expected;
        try (NDManager manager = OfflineEngine.newManager()) {
            Map<String, NDArray> io = SafeTensors.read(manager, Path.of("src/test/resources/weights/mobilenet_v2_w025.io.safetensors"));
            NDArray x = io.get("input");
            FloatNpy.write(new FloatNpy.Array(x.getShape().getShape(), x.toFloatArray()), dir.resolve("x.npy"));
            expected = io.get("logits").toFloatArray();
        }
        StringWriter log = new StringWriter();
        int code = run(log, "logits", "--model", "mobilenet_v2", "--width", "0.25", "--num-classes", "5",
                "--weights", PTH.resolve("mobilenet_v2_w025.pth").toString(),
                "--input", dir.resolve("x.npy").toString(), "--out", dir.resolve("y.npy").toString());
        assertEquals(0, code, log.toString());
        assertArrayEquals(expected, FloatNpy.read(dir.resolve("y.npy")).data(), 1e-4f);
    }

    @Test
    void aBadInputNamesTheFileAndWritesNothing() throws IOException {
        Path bad = Files.writeString(dir.resolve("notes.pth"), "not weights at all");
        Path out = dir.resolve("never.safetensors");
        StringWriter log = new StringWriter();
        assertNotEquals(0, run(log, "weights", "convert", bad.toString(), out.toString()));
        assertTrue(log.toString().contains("notes.pth"), log.toString());
        assertFalse(Files.exists(out));
    }

    @Test
    void helpShowsAnExample() {
        StringWriter out = new StringWriter();
        assertEquals(0, run(out, "weights", "convert", "--help"));
        assertTrue(out.toString().contains("vocvision weights convert resnet50-0676ba61.pth resnet50.safetensors"));
    }
}
