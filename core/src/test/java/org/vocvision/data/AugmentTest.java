package org.vocvision.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentTest {

    private static final int[] GREY = {90, 90, 90};
    private static final int[] SHAPE = {200, 30, 60};
    private static final int CLASS = 5;

    /** A plain grey image with a solid-coloured rectangle of class 5, and its mask. */
    private static ImageWithMask rectangleScene(int size) {
        RgbImage image = RgbImage.blank(size, size);
        Mask mask = Mask.blank(size, size);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                boolean inside = y >= size / 4 && y < size * 3 / 4 && x >= size / 5 && x < size * 3 / 5;
                int[] colour = inside ? SHAPE : GREY;
                for (int c = 0; c < 3; c++) {
                    image.set(y, x, c, colour[c]);
                }
                mask.set(y, x, inside ? CLASS : 0);
            }
        }
        return new ImageWithMask(image, mask);
    }

    @Test
    void imageAndMaskStayAlignedUnderRotationShearCropAndFlip() {
        ImageWithMask scene = rectangleScene(96);
        Augment augment = new Augment(AugmentOptions.builder().optCrop(CropMode.RESIZED_CROP).optArea(0.3, 1)
                .optRotation(40).optShear(15).optZoom(0.85, 1.2).optFlipProbability(0.5).build());
        int checked = 0;
        for (int seed = 0; seed < 30; seed++) {
            ImageWithMask out = augment.apply(scene.image(), scene.mask(), 32, 32, new SplittableRandom(seed));
            Mask m = out.mask();
            // pixel-exact the other way round: an exactly shape-coloured pixel was interpolated from
            // shape pixels only, one of which contains the sample point, so its mask is the class
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    int[] colour = rgb(out.image(), y, x);
                    if (Arrays.equals(colour, SHAPE)) {
                        assertEquals(CLASS, m.get(y, x), "seed " + seed + " at " + y + "," + x);
                    } else if (Arrays.equals(colour, GREY)) {
                        assertEquals(0, m.get(y, x), "seed " + seed + " at " + y + "," + x);
                    }
                }
            }
            for (int y = 1; y < 31; y++) {
                for (int x = 1; x < 31; x++) {
                    if (allAround(m, y, x, CLASS)) {
                        checked++;
                        for (int c = 0; c < 3; c++) {
                            assertEquals(SHAPE[c], out.image().get(y, x, c), "seed " + seed + " at " + y + "," + x);
                        }
                    } else if (allAround(m, y, x, 0)) {
                        for (int c = 0; c < 3; c++) {
                            assertEquals(GREY[c], out.image().get(y, x, c), "seed " + seed + " at " + y + "," + x);
                        }
                    }
                }
            }
        }
        assertTrue(checked > 1000, "only " + checked + " interior pixels checked");
    }

    @Test
    void pixelsFromOutsideTheImageAreVoidInTheMask() {
        ImageWithMask scene = rectangleScene(32);
        Augment rotate = new Augment(AugmentOptions.builder().optRotation(45).optZoom(0.7, 0.9).build());
        int voids = 0;
        for (int seed = 0; seed < 10; seed++) {
            ImageWithMask out = rotate.apply(scene.image(), scene.mask(), 32, 32, new SplittableRandom(seed));
            for (int p = 0; p < 32 * 32; p++) {
                boolean isVoid = (out.mask().values()[p] & 0xFF) == 255;
                boolean black = out.image().get(p / 32, p % 32, 0) == 0;
                assertEquals(isVoid, black, "seed " + seed + " pixel " + p);
                voids += isVoid ? 1 : 0;
            }
        }
        assertTrue(voids > 500, voids + " void pixels");

        // scale 0.5 of a 32x32 image into a 64x64 crop: the image fills exactly 32x32 of it
        Augment shrink = new Augment(AugmentOptions.builder().optCrop(CropMode.SCALE_CROP).optScale(0.5, 0.5)
                .optPadWithMean(true).build());
        ImageWithMask out = shrink.apply(scene.image(), scene.mask(), 64, 64, new SplittableRandom(3));
        long padded = 0;
        for (int p = 0; p < 64 * 64; p++) {
            if ((out.mask().values()[p] & 0xFF) == 255) {
                padded++;
                assertArrayEquals(new int[] {124, 116, 104}, rgb(out.image(), p / 64, p % 64));
            }
        }
        assertEquals(64 * 64 - 32 * 32, padded);
    }

    @Test
    void flipExactlyMirrors() {
        Sample s = SyntheticVoc.builder().optSeed(2).optLongSide(48).build().generate("f", 0);
        Augment flip = new Augment(AugmentOptions.builder().optFlipProbability(1).build());
        int h = s.image().height();
        int w = s.image().width();
        ImageWithMask out = flip.apply(s.image(), s.mask(), h, w, new SplittableRandom(0));
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                assertEquals(s.mask().get(y, w - 1 - x), out.mask().get(y, x));
                assertArrayEquals(rgb(s.image(), y, w - 1 - x), rgb(out.image(), y, x));
            }
        }
        Augment never = new Augment(AugmentOptions.builder().optFlipProbability(0).build());
        assertArrayEquals(s.image().pixels(), never.apply(s.image(), s.mask(), h, w, new SplittableRandom(0)).image().pixels());
    }

    @Test
    void sameRandomStreamGivesTheSameOutput() {
        Sample s = SyntheticVoc.builder().optSeed(4).optLongSide(48).build().generate("d", 0);
        Augment augment = new Augment(AugmentOptions.builder().optCrop(CropMode.RESIZED_CROP).optRotation(20)
                .optFlipProbability(0.5).optColorJitter(0.3, 0.3, 0.3).build());
        ImageWithMask a = augment.apply(s.image(), s.mask(), 40, 40, new SplittableRandom(9));
        ImageWithMask b = augment.apply(s.image(), s.mask(), 40, 40, new SplittableRandom(9));
        ImageWithMask c = augment.apply(s.image(), s.mask(), 40, 40, new SplittableRandom(10));
        assertArrayEquals(a.image().pixels(), b.image().pixels());
        assertArrayEquals(a.mask().values(), b.mask().values());
        assertFalse(Arrays.equals(a.image().pixels(), c.image().pixels()));
    }

    @Test
    void colourJitterScalesBrightnessAndKeepsGreyGrey() {
        RgbImage grey = RgbImage.blank(4, 4);
        Arrays.fill(grey.pixels(), (byte) 100);
        Augment jitter = new Augment(AugmentOptions.builder().optColorJitter(0.5, 0.5, 0.5).build());
        int lowest = 255;
        int highest = 0;
        for (int seed = 0; seed < 40; seed++) {
            RgbImage out = jitter.apply(grey, null, 4, 4, new SplittableRandom(seed)).image();
            int v = out.get(0, 0, 0);
            // contrast pulls towards the mean and saturation towards grey: a uniform grey image only
            // changes by the brightness factor in [0.5, 1.5]
            for (byte b : out.pixels()) {
                assertEquals(v, b & 0xFF);
            }
            assertTrue(v >= 50 && v <= 150, "value " + v);
            lowest = Math.min(lowest, v);
            highest = Math.max(highest, v);
        }
        assertTrue(lowest < 80 && highest > 120, "brightness range " + lowest + ".." + highest);
    }

    @Test
    void presetsAndInvalidRanges() {
        assertEquals(CropMode.RESIZED_CROP, AugmentOptions.classification().crop());
        AugmentOptions seg = AugmentOptions.segmentation();
        assertEquals(CropMode.SCALE_CROP, seg.crop());
        assertEquals(0.5, seg.minScale());
        assertEquals(2.0, seg.maxScale());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AugmentOptions.builder().optArea(0.6, 0.3).build());
        assertTrue(e.getMessage().startsWith("area"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> AugmentOptions.builder().optFlipProbability(1.5).build());
    }

    private static boolean allAround(Mask m, int y, int x, int value) {
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                if (m.get(y + dy, x + dx) != value) {
                    return false;
                }
            }
        }
        return true;
    }

    private static int[] rgb(RgbImage image, int y, int x) {
        return new int[] {image.get(y, x, 0), image.get(y, x, 1), image.get(y, x, 2)};
    }
}
