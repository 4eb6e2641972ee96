package org.vocvision.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fixtures under src/test/resources/npy come from src/test/python/make_npy_fixtures.py (numpy 1.24). */
class NpyFormatTest {

    @TempDir Path dir;

    private static final byte[] MASK = {0, 1, 20, (byte) 255, 15, 0};

    private Path fixture(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = NpyFormatTest.class.getResourceAsStream("/npy/" + name)) {
            Files.write(file, in.readAllBytes());
        }
        return file;
    }

    @Test
    void readsNumpysVersion1And2Files() throws IOException {
        Mask v1 = NpyFormat.readMask(fixture("mask_2x3_v1.npy"));
        Mask v2 = NpyFormat.readMask(fixture("mask_2x3_v2.npy"));
        assertEquals(2, v1.height());
        assertEquals(3, v1.width());
        assertArrayEquals(MASK, v1.values());
        assertArrayEquals(MASK, v2.values());
        RgbImage image = NpyFormat.readImage(fixture("image_2x3x3_v1.npy"));
        assertEquals(2, image.height());
        assertEquals(3, image.width());
        // numpy: (arange(18) * 7 % 256).reshape(2, 3, 3); element [1, 2, 1] = index 16 -> 112
        assertEquals(112, image.get(1, 2, 1));
        assertEquals(7, image.get(0, 0, 1));
    }

    @Test
    void readsBoolAndInt8() throws IOException {
        NpyArray b = NpyFormat.read(fixture("bool_5.npy"));
        assertEquals("|b1", b.dtype());
        assertArrayEquals(new int[] {5}, b.shape());
        assertArrayEquals(new byte[] {1, 0, 0, 1, 1}, b.data());
        NpyArray i = NpyFormat.read(fixture("int8_4.npy"));
        assertEquals("|i1", i.dtype());
        assertArrayEquals(new byte[] {-128, -1, 0, 127}, i.data());
    }

    @Test
    void writesByteIdenticalToNumpySave() throws IOException {
        Path mask = dir.resolve("m.npy");
        NpyFormat.writeMask(mask, new Mask(2, 3, MASK.clone()));
        assertArrayEquals(Files.readAllBytes(fixture("mask_2x3_v1.npy")), Files.readAllBytes(mask));
        byte[] pixels = new byte[18];
        for (int k = 0; k < 18; k++) {
            pixels[k] = (byte) (k * 7 % 256);
        }
        Path image = dir.resolve("i.npy");
        NpyFormat.writeImage(image, new RgbImage(2, 3, pixels));
        assertArrayEquals(Files.readAllBytes(fixture("image_2x3x3_v1.npy")), Files.readAllBytes(image));
    }

    @Test
    void writtenHeaderIsAlignedTo64AndEndsInNewline() throws IOException {
        for (int[] shape : new int[][] {{7}, {375, 500, 3}, {123456, 2}}) {
            Path file = dir.resolve("a.npy");
            int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            NpyFormat.writeUint8(file, shape, new byte[n]);
            byte[] bytes = Files.readAllBytes(file);
            int dataStart = bytes.length - n;
            assertEquals(0, dataStart % 64, Arrays.toString(shape));
            assertEquals('\n', bytes[dataStart - 1]);
            assertArrayEquals(shape, NpyFormat.read(file).shape());
        }
    }

    @Test
    void rejectsWrongMagic() throws IOException {
        Path file = dir.resolve("fake.npy");
        Files.writeString(file, "PK\u0003\u0004 this is a zip, not an npy");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> NpyFormat.readMask(file));
        assertTrue(e.getMessage().contains("fake.npy") && e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void rejectsFloatDtype() throws IOException {
        Path file = handMade("float.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 24);
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> NpyFormat.readMask(file));
        assertTrue(e.getMessage().contains("float.npy") && e.getMessage().contains("'<f4'"), e.getMessage());
    }

    @Test
    void rejectsInt8WhereUint8IsNeeded() throws IOException {
        Path file = fixture("int8_4.npy");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> NpyFormat.readMask(file));
        assertTrue(e.getMessage().contains("int8_4.npy") && e.getMessage().contains("'|i1'"), e.getMessage());
    }

    @Test
    void rejectsFortranOrder() throws IOException {
        Path file = handMade("fortran.npy", "{'descr': '|u1', 'fortran_order': True, 'shape': (2, 3), }", 6);
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> NpyFormat.readMask(file));
        assertTrue(e.getMessage().contains("fortran.npy") && e.getMessage().contains("Fortran order"), e.getMessage());
    }

    @Test
    void rejectsAnImageWithFourChannels() throws IOException {
        Path file = handMade("rgba.npy", "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3, 4), }", 24);
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> NpyFormat.readImage(file));
        assertTrue(e.getMessage().contains("rgba.npy") && e.getMessage().contains("(2, 3, 4)"), e.getMessage());
    }

    @Test
    void rejectsAMaskWithThreeDimensions() throws IOException {
        Path file = fixture("image_2x3x3_v1.npy");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> NpyFormat.readMask(file));
        assertTrue(e.getMessage().contains("image_2x3x3_v1.npy") && e.getMessage().contains("(2, 3, 3)"), e.getMessage());
    }

    @Test
    void rejectsTruncatedData() throws IOException {
        Path full = fixture("image_2x3x3_v1.npy");
        Path cut = dir.resolve("cut.npy");
        byte[] bytes = Files.readAllBytes(full);
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 5));
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> NpyFormat.readImage(cut));
        assertTrue(e.getMessage().contains("cut.npy") && e.getMessage().contains("truncated"), e.getMessage());
    }

    /** A version 1.0 file with the given header dict and {@code dataBytes} zero bytes. */
    private Path handMade(String name, String dict, int dataBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length, 0});
        out.write(header);
        out.write(new byte[dataBytes]);
        Path file = dir.resolve(name);
        Files.write(file, out.toByteArray());
        return file;
    }
}
