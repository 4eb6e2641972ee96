package org.vocvision.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ResizeTest {

    @Test
    void twoByTwoToFourByFourByHand() {
        RgbImage image = RgbImage.blank(2, 2);
        int[][] red = {{0, 100}, {200, 40}};
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 2; x++) {
                image.set(y, x, 0, red[y][x]);
                image.set(y, x, 1, 255 - red[y][x]);
            }
        }
        Mask mask = new Mask(2, 2, new byte[] {1, 2, 3, 4});
        ImageWithMask out = Resize.apply(image, mask, 4, 4, false);
        // worked by hand (rows weigh the two source rows 1:0, 3/4:1/4, 1/4:3/4, 0:1, edges clamped)
        // and equal to torch's F.interpolate(bilinear, align_corners=False): src/test/python/resize_reference.py
        int[][] expected = {{0, 25, 75, 100}, {50, 59, 76, 85}, {150, 126, 79, 55}, {200, 160, 80, 40}};
        int[][] expectedMask = {{1, 1, 2, 2}, {1, 1, 2, 2}, {3, 3, 4, 4}, {3, 3, 4, 4}};
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(expected[y][x], out.image().get(y, x, 0), "red at " + y + "," + x);
                // 255 - v interpolates to 255 - interpolated v (before rounding): 58.75 -> 196.25 -> 196
                assertEquals(255 - expected[y][x], out.image().get(y, x, 1), 1, "green at " + y + "," + x);
                assertEquals(0, out.image().get(y, x, 2));
                assertEquals(expectedMask[y][x], out.mask().get(y, x), "mask at " + y + "," + x);
            }
        }
    }

    @Test
    void sameSizeIsTheIdentity() {
        SyntheticVoc g = SyntheticVoc.builder().optSeed(1).optLongSide(48).build();
        Sample s = g.generate("a", 0);
        ImageWithMask out = Resize.apply(s.image(), s.mask(), s.image().height(), s.image().width(), true);
        assertArrayEquals(s.image().pixels(), out.image().pixels());
        assertArrayEquals(s.mask().values(), out.mask().values());
    }

    @Test
    void letterboxPadsTheMaskWithVoid() {
        RgbImage image = RgbImage.blank(2, 4);
        for (int x = 0; x < 4; x++) {
            image.set(0, x, 0, 10 + x);
            image.set(1, x, 0, 20 + x);
        }
        Mask mask = new Mask(2, 4, new byte[] {1, 1, 2, 2, 3, 3, 4, 4});
        ImageWithMask out = Resize.apply(image, mask, 4, 4, true);
        for (int x = 0; x < 4; x++) {
            assertEquals(255, out.mask().get(0, x));
            assertEquals(255, out.mask().get(3, x));
            assertEquals(0, out.image().get(0, x, 0));
            assertEquals(0, out.image().get(3, x, 0));
            assertEquals(mask.get(0, x), out.mask().get(1, x));
            assertEquals(mask.get(1, x), out.mask().get(2, x));
            assertEquals(10 + x, out.image().get(1, x, 0));
            assertEquals(20 + x, out.image().get(2, x, 0));
        }
        // stretched instead: no void at all
        ImageWithMask stretched = Resize.apply(image, mask, 4, 4, false);
        for (byte b : stretched.mask().values()) {
            assertEquals(true, (b & 0xFF) != 255);
        }
    }
}
