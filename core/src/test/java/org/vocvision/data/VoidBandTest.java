package org.vocvision.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VoidBandTest {

    @Test
    void marksExactlyThePixelsWhoseNeighbourhoodHoldsTwoValues() {
        SplittableRandom rng = new SplittableRandom(4);
        for (int trial = 0; trial < 30; trial++) {
            int h = 1 + rng.nextInt(20);
            int w = 1 + rng.nextInt(20);
            int r = 1 + rng.nextInt(4);
            // blocky masks: a few rectangles of classes over background
            byte[] values = new byte[h * w];
            for (int k = 0; k < 3; k++) {
                int y0 = rng.nextInt(h);
                int x0 = rng.nextInt(w);
                int y1 = y0 + rng.nextInt(h - y0 + 1);
                int x1 = x0 + rng.nextInt(w - x0 + 1);
                int value = rng.nextInt(21);
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        values[y * w + x] = (byte) value;
                    }
                }
            }
            boolean[] band = new boolean[h * w];
            VoidBand.mark(values, h, w, r, band);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    boolean expected = false;
                    for (int yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
                        for (int xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
                            expected |= values[yy * w + xx] != values[y * w + x];
                        }
                    }
                    assertEquals(expected, band[y * w + x], "trial " + trial + " r " + r + " at " + y + "," + x);
                }
            }
        }
    }
}
