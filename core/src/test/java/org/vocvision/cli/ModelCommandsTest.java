package org.vocvision.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vocvision.engine.OfflineEngine;
import org.vocvision.model.FloatNpy;
import org.vocvision.model.ModelOptions;
import org.vocvision.model.NormalizedModel;
import org.vocvision.model.SafeTensors;
import org.vocvision.model.StateDict;
import org.vocvision.model.Zoo;
import picocli.CommandLine;

class ModelCommandsTest {

    private static final Path WEIGHTS = Path.of("src/test/resources/weights");

    @TempDir Path dir;

    private static int run(StringWriter out, String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        return cli.execute(args);
    }

    @Test
    void logitsReproduceTorchvision() throws Exception {
        float[] expected;
        try (NDManager manager = OfflineEngine.newManager()) {
            // make_weight_fixtures.py: torchvision mobilenet_v2(width_mult=0.25, num_classes=5) and its logits
            Map<String, NDArray> io = SafeTensors.read(manager, WEIGHTS.resolve("mobilenet_v2_w025.io.safetensors"));
            NDArray x = io.get("input");
            FloatNpy.write(new FloatNpy.Array(x.getShape().getShape(), x.toFloatArray()), dir.resolve("x.npy"));
            expected = io.get("logits").toFloatArray();
        }
        StringWriter out = new StringWriter();
        int code = run(out, "logits", "--model", "mobilenet_v2", "--width", "0.25", "--num-classes", "5",
                "--weights", WEIGHTS.resolve("mobilenet_v2_w025.safetensors").toString(),
                "--input", dir.resolve("x.npy").toString(), "--out", dir.resolve("y.npy").toString());
        assertEquals(0, code, out.toString());
        FloatNpy.Array y = FloatNpy.read(dir.resolve("y.npy"));
        assertArrayEquals(new long[] {1, 5}, y.shape());
        assertArrayEquals(expected, y.data(), 1e-4f);
    }

    @Test
    void logitsOfASegmenterAreTorchvisionsOut() throws Exception {
        float[] expected;
        try (NDManager manager = OfflineEngine.newManager()) {
            // make_segmentation_fixtures.py: torchvision's lraspp on mobilenet_v3_large(width_mult=0.25, dilated=True),
            // 5 classes; "out1" is model(x)["out"] on a 2 x 3 x 67 x 75 input
            Map<String, NDArray> io = SafeTensors.read(manager,
                    WEIGHTS.resolve("lraspp_mobilenet_v3_large_w025.io.safetensors"));
            NDArray x = io.get("input1");
            FloatNpy.write(new FloatNpy.Array(x.getShape().getShape(), x.toFloatArray()), dir.resolve("x.npy"));
            expected = io.get("out1").toFloatArray();
        }
        StringWriter out = new StringWriter();
        int code = run(out, "logits", "--model", "lraspp_mobilenet_v3_large", "--width", "0.25", "--num-classes", "5",
                "--weights", WEIGHTS.resolve("lraspp_mobilenet_v3_large_w025.safetensors").toString(),
                "--input", dir.resolve("x.npy").toString(), "--out", dir.resolve("y.npy").toString());
        assertEquals(0, code, out.toString());
        FloatNpy.Array y = FloatNpy.read(dir.resolve("y.npy"));
        assertArrayEquals(new long[] {2, 5, 67, 75}, y.shape());
        float scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertArrayEquals(expected, y.data(), 1e-5f * scale);
    }

    @Test
    void logitsOfASegmenterDefaultTo21Classes() throws Exception {
        FloatNpy.write(new FloatNpy.Array(new long[] {1, 3, 32, 32}, new float[3 * 32 * 32]), dir.resolve("x.npy"));
        StringWriter out = new StringWriter();
        int code = run(out, "logits", "--model", "lraspp_mobilenet_v3_large", "--width", "0.25",
                "--weights", WEIGHTS.resolve("lraspp_mobilenet_v3_large_w025.safetensors").toString(),
                "--input", dir.resolve("x.npy").toString(), "--out", dir.resolve("y.npy").toString());
        assertEquals(2, code);
        assertTrue(out.toString().contains("(file (5, 16, 1, 1), network (21, 16, 1, 1))"), out.toString());
    }

    @Test
    void wrongClassCountIsOneLineError() throws Exception {
        FloatNpy.write(new FloatNpy.Array(new long[] {1, 3, 32, 32}, new float[3 * 32 * 32]), dir.resolve("x.npy"));
        StringWriter out = new StringWriter();
        int code = run(out, "logits", "--model", "mobilenet_v2", "--width", "0.25",
                "--weights", WEIGHTS.resolve("mobilenet_v2_w025.safetensors").toString(),
                "--input", dir.resolve("x.npy").toString(), "--out", dir.resolve("y.npy").toString());
        assertEquals(2, code);
        assertTrue(out.toString().contains("classifier.1.weight (file (5, 1280), network (1000, 1280))"), out.toString());
    }

    @Test
    void exportsDjlParametersInTorchNaming() throws Exception {
        try (NDManager manager = OfflineEngine.newManager()) {
            ModelOptions o = ModelOptions.defaults().withWidth(0.25f).withNumClasses(4);
            NormalizedModel m = Zoo.create("mobilenet_v2", o);
            m.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            Path params = dir.resolve("m.params");
            try (OutputStream os = Files.newOutputStream(params)) {
                m.saveParameters(new DataOutputStream(os));
            }
            StringWriter out = new StringWriter();
            Path file = dir.resolve("m.safetensors");
            int code = run(out, "weights", "export", "--model", "mobilenet_v2", "--width", "0.25", "--num-classes", "4",
                    "--params", params.toString(), "--out", file.toString());
            assertEquals(0, code, out.toString());
            Map<String, NDArray> exported = SafeTensors.read(manager, file);
            StateDict.parameters(m).forEach((k, p) ->
                    assertArrayEquals(p.getArray().toFloatArray(), exported.get(k).toFloatArray(), k));
        }
    }

    @Test
    void listsWeights() {
        StringWriter out = new StringWriter();
        assertEquals(0, run(out, "weights", "list"));
        assertTrue(out.toString().contains("https://download.pytorch.org/models/mobilenet_v2-b0353104.pth"));
        assertTrue(out.toString().contains("b0353104... (prefix"));
        assertTrue(out.toString().contains("weights convert"));
        assertTrue(out.toString().contains("66.4 % mIoU (COCO-val2017-VOC-labels)"), out.toString());
        assertTrue(out.toString().contains("81.886 % top-1 (ImageNet-1K)"), out.toString());
        assertTrue(out.toString().contains("resize 520 (bilinear), no crop"), out.toString());
    }
}
