package org.vocvision.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PalettePngTest {

    @TempDir Path dir;

    @Test
    void vocColourMapMatchesTheDevkit() {
        // VOClabelcolormap.m: background black, aeroplane (128,0,0), person (192,128,128), tvmonitor (0,64,128),
        // void (224,224,192)
        assertEquals(0x000000, PalettePng.colourOf(0));
        assertEquals(0x800000, PalettePng.colourOf(1));
        assertEquals(0x008000, PalettePng.colourOf(2));
        assertEquals(0xC08080, PalettePng.colourOf(15));
        assertEquals(0x004080, PalettePng.colourOf(20));
        assertEquals(0xE0E0C0, PalettePng.colourOf(255));
    }

    /** Fixtures from src/test/python/make_png_fixtures.py (Pillow): the same mask as palette and as RGB. */
    @Test
    void readsPillowWrittenPaletteAndRgbMasks() throws IOException {
        byte[] expected = {0, 0, 15, 15, (byte) 255, 0, 12, 15, (byte) 255, 0, 20, 12, 0, 1, 0, 0, 0, 0, 0, 7};
        for (String name : new String[] {"voc_mask_4x5.png", "voc_mask_4x5_rgb.png"}) {
            Path file = dir.resolve(name);
            try (java.io.InputStream in = PalettePngTest.class.getResourceAsStream("/png/" + name)) {
                Files.write(file, in.readAllBytes());
            }
            Mask mask = PalettePng.read(file);
            assertEquals(4, mask.height());
            assertEquals(5, mask.width());
            assertArrayEquals(expected, mask.values(), name);
        }
    }

    @Test
    void roundTripsEveryClassIndexAndVoid() {
        Mask mask = new Mask(3, 8, new byte[24]);
        for (int i = 0; i < 22; i++) {
            mask.values()[i] = (byte) (i == 21 ? 255 : i);
        }
        Path file = dir.resolve("m.png");
        PalettePng.write(file, mask);
        Mask back = PalettePng.read(file);
        assertEquals(3, back.height());
        assertEquals(8, back.width());
        assertArrayEquals(mask.values(), back.values());
    }

    @Test
    void writesAnEightBitPaletteWithVocColours() throws IOException {
        Path file = dir.resolve("m.png");
        PalettePng.write(file, new Mask(1, 2, new byte[] {15, (byte) 255}));
        BufferedImage image = ImageIO.read(file.toFile());
        IndexColorModel palette = assertInstanceOf(IndexColorModel.class, image.getColorModel());
        assertEquals(0xC08080, palette.getRGB(15) & 0xFFFFFF);
        assertEquals(0xE0E0C0, palette.getRGB(255) & 0xFFFFFF);
        assertEquals(8, palette.getPixelSize());
    }

    @Test
    void readsIndicesNotColoursFromAForeignPalette() throws IOException {
        // a palette unlike VOC's: index i has colour (i, i, i) + 100, so colour mapping would give garbage
        byte[] c = new byte[256];
        for (int i = 0; i < 256; i++) {
            c[i] = (byte) (i + 100);
        }
        BufferedImage image = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(8, 256, c, c, c));
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        data[0] = 3;
        data[1] = 20;
        data[2] = (byte) 255;
        Path file = dir.resolve("foreign.png");
        ImageIO.write(image, "png", file.toFile());
        assertArrayEquals(new byte[] {3, 20, (byte) 255}, PalettePng.read(file).values());
    }

    @Test
    void mapsAnRgbMaskBackToIndices() throws IOException {
        BufferedImage image = new BufferedImage(4, 1, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, PalettePng.colourOf(0));
        image.setRGB(1, 0, PalettePng.colourOf(7));
        image.setRGB(2, 0, PalettePng.colourOf(15));
        image.setRGB(3, 0, PalettePng.colourOf(255));
        Path file = dir.resolve("rgb.png");
        ImageIO.write(image, "png", file.toFile());
        assertArrayEquals(new byte[] {0, 7, 15, (byte) 255}, PalettePng.read(file).values());
    }

    @Test
    void rejectsAnRgbMaskWithAColourOutsideThePalette() throws IOException {
        BufferedImage image = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
        image.setRGB(2, 1, 0x0A141E);
        Path file = dir.resolve("painted.png");
        ImageIO.write(image, "png", file.toFile());
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> PalettePng.read(file));
        String m = e.getMessage();
        assertTrue(m.contains("painted.png") && m.contains("x=2, y=1") && m.contains("(10, 20, 30)"), m);
    }

    @Test
    void rejectsATruncatedPng() throws IOException {
        Path whole = dir.resolve("whole.png");
        Mask mask = new Mask(40, 40, new byte[1600]);
        for (int i = 0; i < 1600; i++) {
            mask.values()[i] = (byte) (i * 31 % 21);
        }
        PalettePng.write(whole, mask);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.png");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> PalettePng.read(cut));
        assertTrue(e.getMessage().contains("cut.png") && e.getMessage().contains("corrupt or truncated"), e.getMessage());
    }

    @Test
    void rejectsAPngWithGarbageAfterItsSignature() throws IOException {
        Path file = dir.resolve("garbage.png");
        byte[] bytes = new byte[200];
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        System.arraycopy(signature, 0, bytes, 0, 8);
        Arrays.fill(bytes, 8, 200, (byte) 0x5A);
        Files.write(file, bytes);
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> PalettePng.read(file));
        assertTrue(e.getMessage().contains("garbage.png") && e.getMessage().contains("PNG"), e.getMessage());
    }

    @Test
    void rejectsAFileThatIsNoImage() throws IOException {
        Path file = dir.resolve("notes.png");
        Files.writeString(file, "just some text");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> PalettePng.read(file));
        assertTrue(e.getMessage().contains("notes.png") && e.getMessage().contains("not a PNG or JPEG"), e.getMessage());
    }
}
