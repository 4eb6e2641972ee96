package org.vocvision.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.vocvision.engine.OfflineEngine;

class InputDefenceTest {

    @Test
    void bitDepthReductionRoundsToTheLevels() {
        try (NDManager manager = OfflineEngine.newManager()) {
            NDArray x = manager.create(new float[] {0f, 0.2f, 0.49f, 0.51f, 0.8f, 1f}, new Shape(1, 1, 2, 3));
            assertArrayEquals(new float[] {0, 0, 0, 1, 1, 1}, new BitDepthReduction(1).apply(x).toFloatArray());
            // 2 bits: levels 0, 1/3, 2/3, 1
            assertArrayEquals(new float[] {0, 1 / 3f, 1 / 3f, 2 / 3f, 2 / 3f, 1},
                    new BitDepthReduction(2).apply(x).toFloatArray(), 1e-6f);
            NDArray eightBit = manager.create(new float[] {0, 17 / 255f, 128 / 255f, 1}, new Shape(1, 1, 2, 2));
            assertArrayEquals(eightBit.toFloatArray(), new BitDepthReduction(8).apply(eightBit).toFloatArray(), 1e-7f);
            assertThrows(IllegalArgumentException.class, () -> new BitDepthReduction(0));
        }
    }

    @Test
    void medianFilterRemovesAnIsolatedPixelAndKeepsAnEdge() {
        try (NDManager manager = OfflineEngine.newManager()) {
            // 4x4: left half 0, right half 1, one salt pixel at (1,0)
            float[] v = {0, 0, 1, 1, 1, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1};
            NDArray x = manager.create(v, new Shape(1, 1, 4, 4));
            float[] expected = {0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1};
            assertArrayEquals(expected, new MedianFilter(3).apply(x).toFloatArray());
            // hand-worked centre of a 3x3 window: median of 1..9 shuffled is 5
            NDArray nine = manager.create(new float[] {9, 2, 7, 4, 1, 8, 3, 6, 5}, new Shape(1, 1, 3, 3));
            assertEquals(5f, new MedianFilter(3).apply(nine).toFloatArray()[4]);
            assertThrows(IllegalArgumentException.class, () -> new MedianFilter(4));
        }
    }

    @Test
    void jpegLosesMoreAtLowerQuality() {
        try (NDManager manager = OfflineEngine.newManager()) {
            int h = 16;
            float[] v = new float[3 * h * h];
            for (int k = 0; k < v.length; k++) {
                v[k] = (float) (0.5 + 0.3 * Math.sin(k * 0.7) * Math.cos(k * 0.13));
            }
            NDArray x = manager.create(v, new Shape(1, 3, h, h));
            NDArray high = new JpegReencode(95).apply(x);
            NDArray low = new JpegReencode(10).apply(x);
            assertEquals(x.getShape(), high.getShape());
            float errHigh = high.sub(x).square().mean().getFloat();
            float errLow = low.sub(x).square().mean().getFloat();
            assertTrue(errHigh < errLow, "quality 95 error " + errHigh + " vs quality 10 error " + errLow);
            assertTrue(errLow > 1e-4f, "quality 10 changed almost nothing: " + errLow);
            assertTrue(low.min().getFloat() >= 0 && low.max().getFloat() <= 1);
            assertThrows(IllegalArgumentException.class, () -> new JpegReencode(0));
        }
    }
}
