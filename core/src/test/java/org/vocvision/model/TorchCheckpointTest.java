package org.vocvision.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.vocvision.data.InvalidDataException;
import org.vocvision.engine.OfflineEngine;

/** Files written by torch.save (src/test/python/make_pth_fixtures.py) read back bit for bit. */
class TorchCheckpointTest {

    private static final Path PTH = Path.of("src/test/resources/pth");
    private static final Map<String, DataType> TORCH_TYPES = Map.of("float32", DataType.FLOAT32, "float16",
            DataType.FLOAT16, "float64", DataType.FLOAT64, "int64", DataType.INT64, "int32", DataType.INT32, "int8",
            DataType.INT8, "uint8", DataType.UINT8, "bool", DataType.BOOLEAN);

    @TempDir Path dir;

    private static JsonNode expected(String group) throws IOException {
        return new ObjectMapper().readTree(PTH.resolve("expected.json").toFile()).get(group);
    }

    /** Every tensor equals torch's: same names, dtype, shape and bytes. */
    private static void assertBitForBit(JsonNode expected, Map<String, NDArray> actual) {
        assertEquals(expected.size(), actual.size(), actual.keySet().toString());
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            NDArray a = actual.get(e.getKey());
            assertTrue(a != null, e.getKey() + " missing from " + actual.keySet());
            JsonNode x = e.getValue();
            assertEquals(TORCH_TYPES.get(x.get("dtype").asText()), a.getDataType(), e.getKey());
            long[] shape = new long[x.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = x.get("shape").get(i).asLong();
            }
            assertEquals(new Shape(shape), a.getShape(), e.getKey());
            ByteBuffer bytes = a.toByteBuffer();
            byte[] raw = new byte[bytes.remaining()];
            bytes.get(raw);
            assertEquals(x.get("hex").asText(), HexFormat.of().formatHex(raw), e.getKey());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dtypes.pth", "dtypes_legacy.pth"})
    void everyDtypeViewAndSharedStorageReadsBackBitForBit(String name) throws IOException {
        try (NDManager manager = OfflineEngine.newManager()) {
            Map<String, NDArray> t = TorchCheckpoint.read(manager, PTH.resolve(name));
            assertBitForBit(expected("dtypes"), t);
            assertEquals("f32", t.keySet().iterator().next(), "file order");
            // three tensors shared one storage in the file; each array is its own copy
            t.get("view_slice").muli(0);
            assertEquals(20f, t.get("shared_a").getFloat(20));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"module_state.pth", "module_state_legacy.pth"})
    void aModulesStateDictWithItsMetadata(String name) throws IOException {
        try (NDManager manager = OfflineEngine.newManager()) {
            assertBitForBit(expected("module_state"), TorchCheckpoint.read(manager, PTH.resolve(name)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nested_state_dict.pth", "nested_state_dict_legacy.pth", "nested_model.pth",
        "nested_model_legacy.pth", "data_parallel.pth", "data_parallel_legacy.pth", "old_style_legacy.pth"})
    void nestedDataParallelAndPreTorch04Checkpoints(String name) throws IOException {
        try (NDManager manager = OfflineEngine.newManager()) {
            assertBitForBit(expected("small"), TorchCheckpoint.read(manager, PTH.resolve(name)));
        }
    }

    @Test
    void anAmbiguousOrEmptyCheckpointListsItsTopLevelKeys() {
        try (NDManager manager = OfflineEngine.newManager()) {
            Path ambiguous = PTH.resolve("ambiguous.pth");
            InvalidDataException e = assertThrows(InvalidDataException.class, () -> TorchCheckpoint.read(manager, ambiguous));
            assertEquals(ambiguous, e.file());
            assertTrue(e.getMessage().contains("ambiguous: state_dict and model"), e.getMessage());
            assertTrue(e.getMessage().contains("model (dict of 3)"), e.getMessage());
            Path none = PTH.resolve("no_tensors.pth");
            e = assertThrows(InvalidDataException.class, () -> TorchCheckpoint.read(manager, none));
            assertTrue(e.getMessage().contains("epoch (Long), history (ArrayList)"), e.getMessage());
        }
    }

    @Test
    void aForbiddenGlobalInACheckpointIsRefusedAndNothingRuns() throws IOException {
        Path marker = Path.of("/tmp/vocvision-pickle-ran-code");
        Files.deleteIfExists(marker);
        Path file = PTH.resolve("forbidden.pth");
        try (NDManager manager = OfflineEngine.newManager()) {
            InvalidDataException e = assertThrows(InvalidDataException.class, () -> WeightFile.read(manager, file));
            assertEquals(file, e.file());
            assertTrue(e.getMessage().contains("posix.system"), e.getMessage());
        }
        assertFalse(Files.exists(marker));
    }

    @Test
    void aVocvisionStateDictSavedByTorchLoadsEqual() throws IOException {
        // make_pth_fixtures.py re-saved mobilenet_v2_w025.safetensors (our export's naming) with torch.save
        try (NDManager manager = OfflineEngine.newManager()) {
            NormalizedModel fromPth = tinyMobileNet(manager);
            NormalizedModel fromSafetensors = tinyMobileNet(manager);
            StateDict.load(fromPth.network(), PTH.resolve("mobilenet_v2_w025.pth"), LoadOptions.strict());
            StateDict.load(fromSafetensors.network(), Path.of("src/test/resources/weights/mobilenet_v2_w025.safetensors"),
                    LoadOptions.strict());
            Map<String, Parameter> b = StateDict.parameters(fromSafetensors);
            StateDict.parameters(fromPth).forEach((k, p) ->
                    assertTrue(p.getArray().contentEquals(b.get(k).getArray()), k));
        }
    }

    private static NormalizedModel tinyMobileNet(NDManager manager) {
        NormalizedModel m = Zoo.create("mobilenet_v2", ModelOptions.defaults().withWidth(0.25f).withNumClasses(5));
        m.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
        return m;
    }

    @Test
    void theFormatComesFromTheContentNotTheName() throws IOException {
        Path zipAsSafetensors = Files.copy(PTH.resolve("dtypes.pth"), dir.resolve("x.safetensors"));
        Path legacyAsBin = Files.copy(PTH.resolve("dtypes_legacy.pth"), dir.resolve("pytorch_model.bin"));
        Path safetensorsAsPt = Files.copy(Path.of("src/test/resources/weights/half.safetensors"), dir.resolve("y.pt"));
        assertEquals(WeightFile.Format.TORCH_ZIP, WeightFile.format(zipAsSafetensors));
        assertEquals(WeightFile.Format.TORCH_LEGACY, WeightFile.format(legacyAsBin));
        assertEquals(WeightFile.Format.SAFETENSORS, WeightFile.format(safetensorsAsPt));
        Path text = Files.writeString(dir.resolve("notes.pth"), "hello, not weights");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> WeightFile.format(text));
        assertTrue(e.getMessage().contains("notes.pth: neither a torch.save checkpoint"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dtypes.pth", "dtypes_legacy.pth"})
    void truncatedFilesNameTheFile(String name) throws IOException {
        byte[] all = Files.readAllBytes(PTH.resolve(name));
        try (NDManager manager = OfflineEngine.newManager()) {
            // inside the first pickle, inside the object, inside the data
            for (int length : new int[] {10, 300, all.length - 5}) {
                Path cut = Files.write(dir.resolve("cut" + length + "_" + name), java.util.Arrays.copyOf(all, length));
                InvalidDataException e = assertThrows(InvalidDataException.class, () -> WeightFile.read(manager, cut),
                        "cut at " + length);
                assertEquals(cut, e.file());
            }
        }
    }

    @Test
    void aCorruptStorageFailsItsChecksum() throws IOException {
        byte[] all = Files.readAllBytes(PTH.resolve("dtypes.pth"));
        // the f32 tensor's first 8 bytes as torch wrote them; flip a bit of its data
        byte[] f32 = HexFormat.of().parseHex(expected("dtypes").get("f32").get("hex").asText().substring(0, 16));
        int at = indexOf(all, f32);
        assertTrue(at > 0);
        all[at + 3] ^= 1;
        Path bad = Files.write(dir.resolve("flipped.pth"), all);
        try (NDManager manager = OfflineEngine.newManager()) {
            InvalidDataException e = assertThrows(InvalidDataException.class, () -> WeightFile.read(manager, bad));
            assertTrue(e.getMessage().contains("flipped.pth: entry dtypes/data/"), e.getMessage());
            assertTrue(e.getMessage().contains("CRC-32"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dtypes_legacy.pth", "module_state.pth"})
    void damagedBytesGiveAnErrorNamingTheFileNeverAnotherException(String name) throws IOException {
        byte[] clean = Files.readAllBytes(PTH.resolve(name));
        java.util.Random random = new java.util.Random(14);
        Path bad = dir.resolve("damaged.pth");
        try (NDManager manager = OfflineEngine.newManager()) {
            for (int trial = 0; trial < 300; trial++) {
                byte[] b = clean.clone();
                // damage the pickles, where a reader has the most to get wrong (legacy: the first 600 bytes)
                for (int k = 0; k < 1 + random.nextInt(3); k++) {
                    b[random.nextInt(Math.min(b.length, 600))] = (byte) random.nextInt(256);
                }
                Files.write(bad, b);
                try (NDManager scratch = manager.newSubManager()) {
                    WeightFile.read(scratch, bad);
                } catch (InvalidDataException e) {
                    assertEquals(bad, e.file(), e.getMessage());
                }
            }
        }
    }

    @Test
    void aWrongMagicNumberIsRefused() throws IOException {
        byte[] all = Files.readAllBytes(PTH.resolve("dtypes_legacy.pth"));
        all[5] ^= 0x40; // inside LONG1's ten magic bytes
        Path bad = Files.write(dir.resolve("magic.pth"), all);
        try (NDManager manager = OfflineEngine.newManager()) {
            InvalidDataException e = assertThrows(InvalidDataException.class, () -> WeightFile.read(manager, bad));
            assertTrue(e.getMessage().contains("magic.pth: wrong magic number"), e.getMessage());
        }
    }

    @Test
    void aZipBombIsRefusedBeforeItIsInflated() throws IOException {
        Path bomb = dir.resolve("bomb.pth");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(bomb))) {
            z.putNextEntry(new ZipEntry("bomb/data.pkl"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                z.write(zeros);
            }
            z.closeEntry();
        }
        assertTrue(Files.size(bomb) < 200_000, "64 MiB of zeros deflate to " + Files.size(bomb));
        try (NDManager manager = OfflineEngine.newManager()) {
            InvalidDataException e = assertThrows(InvalidDataException.class, () -> WeightFile.read(manager, bomb));
            assertTrue(e.getMessage().contains("bomb.pth: its zip entries declare 67108864 bytes"), e.getMessage());
            assertTrue(e.getMessage().contains("zip bomb"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"little", "big"})
    void torch21sByteorderEntryIsHonoured(String order) throws IOException {
        Path copy = dir.resolve(order + ".pth");
        // torch's STORED entries with data descriptors: java.util.zip.ZipInputStream cannot read them, ZipFile can
        try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(PTH.resolve("dtypes.pth").toFile());
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                out.putNextEntry(new ZipEntry(e.getName()));
                try (java.io.InputStream data = in.getInputStream(e)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry("dtypes/byteorder"));
            out.write(order.getBytes());
            out.closeEntry();
        }
        try (NDManager manager = OfflineEngine.newManager()) {
            if (order.equals("little")) {
                assertBitForBit(expected("dtypes"), WeightFile.read(manager, copy));
            } else {
                InvalidDataException e = assertThrows(InvalidDataException.class, () -> WeightFile.read(manager, copy));
                assertTrue(e.getMessage().contains("big.pth: written with byte order 'big'"), e.getMessage());
            }
        }
    }

    @Test
    void aStrideZeroViewMayNotExpandATinyFileToGigabytes() {
        Path bomb = PTH.resolve("expand_bomb.pth");
        try (NDManager manager = OfflineEngine.newManager()) {
            InvalidDataException e = assertThrows(InvalidDataException.class, () -> WeightFile.read(manager, bomb));
            assertTrue(e.getMessage().contains("expand_bomb.pth: its tensors would expand to at least 400000000 bytes"),
                    e.getMessage());
        }
    }

    @Test
    void aZipWithoutDataPklIsNotACheckpoint() throws IOException {
        Path other = dir.resolve("other.pt");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(other))) {
            z.putNextEntry(new ZipEntry("readme.txt"));
            z.write("hi".getBytes());
            z.closeEntry();
        }
        try (NDManager manager = OfflineEngine.newManager()) {
            InvalidDataException e = assertThrows(InvalidDataException.class, () -> WeightFile.read(manager, other));
            assertTrue(e.getMessage().contains("without data.pkl"), e.getMessage());
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
