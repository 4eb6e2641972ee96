package org.vocvision.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JpegImageTest {

    @TempDir Path dir;

    /** A smooth colour gradient, which JPEG keeps well. */
    static RgbImage gradient(int h, int w) {
        RgbImage image = RgbImage.blank(h, w);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.set(y, x, 0, 40 + 150 * x / w);
                image.set(y, x, 1, 60 + 120 * y / h);
                image.set(y, x, 2, 200 - 100 * x / w);
            }
        }
        return image;
    }

    @Test
    void writesAndReadsRgbInTheRightChannelOrder() {
        RgbImage image = gradient(48, 64);
        Path file = dir.resolve("a.jpg");
        JpegImage.write(file, image, 0.95f);
        RgbImage back = JpegImage.read(file);
        assertEquals(48, back.height());
        assertEquals(64, back.width());
        double error = 0;
        for (int i = 0; i < image.pixels().length; i++) {
            error += Math.abs((image.pixels()[i] & 0xFF) - (back.pixels()[i] & 0xFF));
        }
        assertTrue(error / image.pixels().length < 3, "mean abs error " + error / image.pixels().length);
    }

    @Test
    void convertsAGrayscaleJpegToRgb() throws IOException {
        BufferedImage gray = new BufferedImage(16, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (int x = 0; x < 16; x++) {
            for (int y = 0; y < 8; y++) {
                gray.getRaster().setSample(x, y, 0, 128);
            }
        }
        Path file = dir.resolve("gray.jpg");
        ImageIO.write(gray, "jpeg", file.toFile());
        RgbImage rgb = JpegImage.read(file);
        assertEquals(rgb.get(3, 5, 0), rgb.get(3, 5, 1));
        assertEquals(rgb.get(3, 5, 1), rgb.get(3, 5, 2));
        assertTrue(Math.abs(rgb.get(3, 5, 0) - 128) <= 2, "grey level " + rgb.get(3, 5, 0));
    }

    @Test
    void rejectsATruncatedJpeg() throws IOException {
        Path whole = dir.resolve("whole.jpg");
        JpegImage.write(whole, gradient(64, 64), 0.95f);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.jpg");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length * 2 / 3));
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> JpegImage.read(cut));
        assertTrue(e.getMessage().contains("cut.jpg") && e.getMessage().contains("corrupt or truncated"), e.getMessage());
    }

    @Test
    void rejectsACorruptJpeg() throws IOException {
        Path whole = dir.resolve("whole.jpg");
        JpegImage.write(whole, gradient(64, 64), 0.95f);
        byte[] bytes = Files.readAllBytes(whole);
        // keep the SOI marker, wipe the tables and frame header
        Arrays.fill(bytes, 2, 400, (byte) 0x00);
        Path bad = dir.resolve("corrupt.jpg");
        Files.write(bad, bytes);
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> JpegImage.read(bad));
        assertTrue(e.getMessage().contains("corrupt.jpg") && e.getMessage().contains("corrupt"), e.getMessage());
    }

    /** Fixture and expected colour from src/test/python/make_cmyk_jpeg.py (Pillow's convert("RGB")). */
    @Test
    void convertsACmykJpegAsPillowDoes() throws IOException {
        Path file = dir.resolve("cmyk.jpg");
        try (java.io.InputStream in = JpegImageTest.class.getResourceAsStream("/jpeg/cmyk_8x8.jpg")) {
            Files.write(file, in.readAllBytes());
        }
        RgbImage rgb = JpegImage.read(file);
        assertEquals(245, rgb.get(2, 2, 0));
        assertEquals(55, rgb.get(2, 2, 1));
        assertEquals(225, rgb.get(2, 2, 2));
    }

    @Test
    void reportsAMissingFile() {
        Path missing = dir.resolve("nowhere.jpg");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> JpegImage.read(missing));
        assertTrue(e.getMessage().contains("nowhere.jpg") && e.getMessage().contains("missing"), e.getMessage());
    }
}
