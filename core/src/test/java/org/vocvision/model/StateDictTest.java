package org.vocvision.model;

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
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vocvision.data.InvalidDataException;
import org.vocvision.engine.OfflineEngine;

class StateDictTest {

    private static final Path WEIGHTS = Path.of("src/test/resources/weights");
    private static final Shape INPUT = new Shape(1, 3, 32, 32);

    @TempDir Path dir;

    private static NormalizedModel tinyMobileNet(NDManager manager, int classes) {
        NormalizedModel m = Zoo.create("mobilenet_v2", ModelOptions.defaults().withWidth(0.25f).withNumClasses(classes));
        m.initialize(manager, DataType.FLOAT32, INPUT);
        return m;
    }

    private static NDArray run(Block model, NDArray x) {
        return model.forward(new ParameterStore(x.getManager(), false), new NDList(x), false).head();
    }

    @Test
    void namesAreTorchvisions() {
        try (NDManager manager = OfflineEngine.newManager()) {
            NormalizedModel m = tinyMobileNet(manager, 5);
            Map<String, ?> names = StateDict.parameters(m);
            for (String key : new String[] {"features.0.0.weight", "features.0.1.running_mean", "features.1.conv.0.0.weight",
                "features.1.conv.2.running_var", "features.2.conv.3.bias", "features.18.1.weight",
                "classifier.1.weight", "classifier.1.bias"}) {
                assertTrue(names.containsKey(key), key + " not in " + names.keySet());
            }
        }
    }

    @Test
    void exportThenImportReproducesTheModel() throws IOException {
        try (NDManager manager = OfflineEngine.newManager()) {
            NormalizedModel a = tinyMobileNet(manager, 5);
            Path file = dir.resolve("m.safetensors");
            StateDict.export(a.network(), file);
            NormalizedModel b = tinyMobileNet(manager, 5);
            NDArray x = manager.randomUniform(0, 1, new Shape(2, 3, 32, 32));
            assertFalse(run(a, x).contentEquals(run(b, x)), "two initialisations should differ");
            StateDict.load(b.network(), file, LoadOptions.strict());
            assertTrue(run(a, x).contentEquals(run(b, x)));
            // the exported names are the model's names, read back by an independent reader
            assertEquals(StateDict.parameters(a).keySet(), SafeTensors.read(manager, file).keySet());
        }
    }

    @Test
    void strictLoadingListsEveryProblemAtOnce() throws IOException {
        try (NDManager manager = OfflineEngine.newManager()) {
            NormalizedModel m = tinyMobileNet(manager, 5);
            Map<String, NDArray> tensors = new LinkedHashMap<>();
            StateDict.parameters(m).forEach((k, p) -> tensors.put(k, p.getArray().duplicate()));
            tensors.remove("features.3.conv.1.0.weight");
            tensors.put("features.99.weight", manager.zeros(new Shape(2)));
            tensors.put("features.0.0.weight", manager.zeros(new Shape(8, 3, 5, 5)));
            Path source = dir.resolve("bad.safetensors");
            InvalidDataException e = assertThrows(InvalidDataException.class,
                    () -> StateDict.load(m.network(), tensors, source, LoadOptions.strict()));
            String msg = e.getMessage();
            assertTrue(msg.contains("bad.safetensors"), msg);
            assertTrue(msg.contains("1 missing: features.3.conv.1.0.weight"), msg);
            assertTrue(msg.contains("1 unexpected: features.99.weight"), msg);
            assertTrue(msg.contains("features.0.0.weight (file (8, 3, 5, 5), network (8, 3, 3, 3))"), msg);
        }
    }

    @Test
    void aThousandClassHeadIsDroppedForTwentyClasses() throws IOException {
        try (NDManager manager = OfflineEngine.newManager()) {
            NormalizedModel imagenet = tinyMobileNet(manager, 1000);
            Path file = dir.resolve("in1k.safetensors");
            StateDict.export(imagenet.network(), file);
            NormalizedModel voc = tinyMobileNet(manager, 20);
            float[] headBefore = StateDict.parameters(voc).get("classifier.1.weight").getArray().toFloatArray();
            assertThrows(InvalidDataException.class, () -> StateDict.load(voc.network(), file, LoadOptions.strict()));
            Zoo.loadPretrained("mobilenet_v2", voc, file);
            assertArrayEquals(headBefore, StateDict.parameters(voc).get("classifier.1.weight").getArray().toFloatArray());
            assertArrayEquals(StateDict.parameters(imagenet).get("features.17.conv.2.weight").getArray().toFloatArray(),
                    StateDict.parameters(voc).get("features.17.conv.2.weight").getArray().toFloatArray());
        }
    }

    @Test
    void classifierWeightsLoadIntoTheDeepLabEncoder() throws IOException {
        try (NDManager manager = OfflineEngine.newManager()) {
            NormalizedModel imagenet = tinyMobileNet(manager, 1000);
            Path file = dir.resolve("in1k.safetensors");
            StateDict.export(imagenet.network(), file);
            NormalizedModel seg = Zoo.create("deeplabv3plus", ModelOptions.defaults().withWidth(0.25f));
            seg.initialize(manager, DataType.FLOAT32, INPUT);
            Block encoder = ((DeepLabV3Plus) seg.network()).encoder();
            Zoo.loadPretrained("deeplabv3plus", seg, file);
            assertArrayEquals(StateDict.parameters(imagenet).get("features.17.conv.2.weight").getArray().toFloatArray(),
                    StateDict.parameters(seg).get("backbone.features.17.conv.2.weight").getArray().toFloatArray());
            // a file lacking backbone tensors is still an error
            Map<String, NDArray> partial = SafeTensors.read(manager, file);
            partial.remove("features.5.conv.0.0.weight");
            assertThrows(InvalidDataException.class, () -> StateDict.load(encoder, partial, file, LoadOptions.backbone()));
        }
    }

    @Test
    void readsHalfPrecision() throws IOException {
        try (NDManager manager = OfflineEngine.newManager()) {
            // src/test/python/make_weight_fixtures.py: the same values as F16/BF16 and their float32 widening
            Map<String, NDArray> t = SafeTensors.read(manager, WEIGHTS.resolve("half.safetensors"));
            assertEquals(new Shape(3, 4), t.get("f16").getShape());
            assertArrayEquals(t.get("f16_as_f32").toFloatArray(), t.get("f16").toFloatArray());
            assertArrayEquals(t.get("bf16_as_f32").toFloatArray(), t.get("bf16").toFloatArray());
        }
    }

    @Test
    void halfToFloatHandWorked() {
        assertEquals(1f, SafeTensors.halfToFloat((short) 0x3c00));
        assertEquals(-2f, SafeTensors.halfToFloat((short) 0xc000));
        assertEquals(65504f, SafeTensors.halfToFloat((short) 0x7bff));
        assertEquals(0x1p-24f, SafeTensors.halfToFloat((short) 0x0001));
        assertEquals(Float.POSITIVE_INFINITY, SafeTensors.halfToFloat((short) 0x7c00));
    }

    @Test
    void corruptFileNamesTheFile() throws IOException {
        Path bad = dir.resolve("broken.safetensors");
        Files.write(bad, new byte[] {(byte) 0xff, 0, 0, 0, 0, 0, 0, 0, '{'});
        try (NDManager manager = OfflineEngine.newManager()) {
            InvalidDataException e = assertThrows(InvalidDataException.class, () -> SafeTensors.read(manager, bad));
            assertEquals(bad, e.file());
        }
    }
}
