package org.vocvision.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.vocvision.data.Mask;
import org.vocvision.engine.OfflineEngine;

class SegmentationEvaluatorTest {

    static Mask mask(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return new Mask(2, 2, b);
    }

    @Test
    void perImageDiceWorkedByHand() {
        // foreground pixels right: 2; predicted foreground 2; true foreground 3
        assertEquals(0.8, ImageDice.segmentation(mask(1, 1, 0, 15).values(), mask(1, 0, 0, 15).values()), 1e-12);
        // the wrong class on a true foreground pixel counts in both sizes, in neither intersection
        assertEquals(0.0, ImageDice.segmentation(mask(1, 0, 0, 0).values(), mask(2, 0, 0, 0).values()), 0);
        assertEquals(1.0, ImageDice.segmentation(mask(0, 0, 0, 0).values(), mask(0, 0, 0, 0).values()), 0);
        assertEquals(0.0, ImageDice.segmentation(mask(0, 0, 0, 0).values(), mask(0, 3, 0, 0).values()), 0);
        // a prediction on a void pixel is not counted
        assertEquals(1.0, ImageDice.segmentation(mask(1, 255, 0, 0).values(), mask(1, 1, 0, 0).values()), 0);
        assertEquals(2.0 / 3, ImageDice.classification(new boolean[] {true, true, false}, new boolean[] {false, true, false}), 1e-12);
        assertEquals(1.0, ImageDice.classification(new boolean[3], new boolean[3]), 0);
    }

    @Test
    void batchesImagesAndNdArraysAgree() {
        Mask t1 = mask(1, 1, 0, 15);
        Mask p1 = mask(1, 0, 0, 15);
        Mask t2 = mask(0, 0, 255, 2);
        Mask p2 = mask(0, 2, 2, 2);
        SegmentationEvaluator byImage = new SegmentationEvaluator();
        byImage.add(t1, p1);
        byImage.add(t2, p2);
        SegmentationEvaluator byBatch = new SegmentationEvaluator();
        byte[] t = new byte[8];
        byte[] p = new byte[8];
        System.arraycopy(t1.values(), 0, t, 0, 4);
        System.arraycopy(t2.values(), 0, t, 4, 4);
        System.arraycopy(p1.values(), 0, p, 0, 4);
        System.arraycopy(p2.values(), 0, p, 4, 4);
        byBatch.add(t, p, 2);
        SegmentationEvaluator byArray = new SegmentationEvaluator();
        try (NDManager manager = OfflineEngine.newManager()) {
            long[] tl = new long[8];
            long[] pl = new long[8];
            for (int i = 0; i < 8; i++) {
                tl[i] = t[i] & 0xFF;
                pl[i] = p[i] & 0xFF;
            }
            byArray.add(manager.create(tl, new Shape(2, 2, 2)), manager.create(pl, new Shape(2, 2, 2)));
        }
        // image 2: pixel 3 right (class 2), pixel 1 wrong, void pixel 2 ignored: 2*1/(2+1)
        double dice = (0.8 + 2.0 / 3) / 2;
        for (SegmentationEvaluator e : new SegmentationEvaluator[] {byImage, byBatch, byArray}) {
            SegmentationScores s = e.scores();
            assertEquals(dice, s.dice(), 1e-12);
            assertEquals(2, s.images());
            // 7 non-void pixels, 5 right
            assertEquals(5.0 / 7, s.pixelAccuracy(), 1e-12);
            // background 3 true / 3 predicted / 2 hits: 0.5; class 1: 2/1/1: 0.5; class 2: 1/2/1: 0.5; class 15: 1
            assertEquals((0.5 + 0.5 + 0.5 + 1) / 4, s.meanIou(), 1e-12);
        }
    }
}
