package org.vocvision.data;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * VOC's {@code SegmentationClass} masks: 8-bit palette PNGs whose palette INDEX is the class (0
 * background, 1..20 classes, 255 void); the colours are only for viewing.
 *
 * <p>Reading takes the raster's samples (the indices) of a palette PNG. A grayscale PNG is taken as
 * indices too (SegmentationClassAug stores them so). An RGB PNG (a mask re-saved without its palette)
 * is mapped back through VOC's colour map; a colour outside the map is an error naming the pixel.
 */
public final class PalettePng {

    private static final int[] VOC_COLOURS = vocColourMap();
    private static final Map<Integer, Integer> INDEX_OF_COLOUR = indexOfColour();

    private PalettePng() {}

    /** The VOC devkit's {@code VOClabelcolormap.m}: bit-interleaved colours, class 255 = (224, 224, 192). */
    public static int colourOf(int index) {
        return VOC_COLOURS[index];
    }

    public static Mask read(Path file) {
        BufferedImage image = ImageIoFile.read(file);
        int h = image.getHeight();
        int w = image.getWidth();
        Raster raster = image.getRaster();
        byte[] values = new byte[h * w];
        boolean indexed = image.getColorModel() instanceof IndexColorModel;
        boolean gray = raster.getNumBands() == 1 && !indexed;
        if (indexed || gray) {
            if (raster.getSampleModel().getSampleSize(0) > 8) {
                throw new InvalidDataException(file, "16-bit mask PNG; expected 8-bit class indices");
            }
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    values[y * w + x] = (byte) row[x];
                }
            }
            return new Mask(h, w, values);
        }
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int colour = row[x] & 0xFFFFFF;
                Integer index = INDEX_OF_COLOUR.get(colour);
                if (index == null) {
                    throw new InvalidDataException(file, String.format(
                            "pixel (x=%d, y=%d) has colour (%d, %d, %d), which is not a VOC class colour",
                            x, y, colour >> 16, (colour >> 8) & 0xFF, colour & 0xFF));
                }
                values[y * w + x] = (byte) (int) index;
            }
        }
        return new Mask(h, w, values);
    }

    /** Writes {@code mask} as an 8-bit palette PNG with VOC's colour map, as the devkit's masks are. */
    public static void write(Path file, Mask mask) {
        BufferedImage image = image(mask);
        try {
            if (!ImageIO.write(image, "png", file.toFile())) {
                throw new InvalidDataException(file, "no PNG writer available");
            }
        } catch (IOException e) {
            throw new InvalidDataException(file, "cannot write PNG: " + e.getMessage(), e);
        }
    }

    /** {@code mask} as an 8-bit indexed image with VOC's colour map (the index is the class). */
    public static BufferedImage image(Mask mask) {
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            r[i] = (byte) (VOC_COLOURS[i] >> 16);
            g[i] = (byte) (VOC_COLOURS[i] >> 8);
            b[i] = (byte) VOC_COLOURS[i];
        }
        IndexColorModel palette = new IndexColorModel(8, 256, r, g, b);
        BufferedImage image = new BufferedImage(mask.width(), mask.height(), BufferedImage.TYPE_BYTE_INDEXED, palette);
        byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(mask.values(), 0, data, 0, data.length);
        return image;
    }

    private static int[] vocColourMap() {
        int[] colours = new int[256];
        for (int i = 0; i < 256; i++) {
            int r = 0;
            int g = 0;
            int b = 0;
            int c = i;
            for (int j = 0; j < 8; j++) {
                r |= (c & 1) << (7 - j);
                g |= ((c >> 1) & 1) << (7 - j);
                b |= ((c >> 2) & 1) << (7 - j);
                c >>= 3;
            }
            colours[i] = r << 16 | g << 8 | b;
        }
        return colours;
    }

    /** Only the colours a VOC mask may hold: background, the 20 classes and void. */
    private static Map<Integer, Integer> indexOfColour() {
        Map<Integer, Integer> map = new HashMap<>();
        for (int i = 0; i <= VocClasses.COUNT; i++) {
            map.put(VOC_COLOURS[i], i);
        }
        map.put(VOC_COLOURS[VocClasses.VOID], VocClasses.VOID);
        return map;
    }
}
