package org.vocvision.metric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.vocvision.engine.OfflineEngine;

/**
 * Twelve pixels, two of them void. Per class (truth row / predicted column / hits): 0: 3/3/2,
 * 1: 4/5/3, 2: 1/1/1, 3: 2/1/1. IoU per class equals scikit-learn's jaccard_score on the non-void
 * pixels (src/test/python/sklearn_reference.py: [0.5, 0.5, 1.0, 0.5], accuracy 0.7).
 */
class ConfusionMatrixTest {

    static final int[] TRUTH = {0, 0, 1, 1, 1, 2, 255, 255, 0, 3, 3, 1};
    static final int[] PREDICTED = {0, 1, 1, 1, 0, 2, 2, 0, 0, 3, 1, 1};

    @Test
    void scoresMatchScikitLearnAndHandWork() {
        ConfusionMatrix m = new ConfusionMatrix(4);
        m.update(TRUTH, PREDICTED);
        assertEquals(10, m.total());
        assertArrayEquals(new double[] {0.5, 0.5, 1.0, 0.5}, m.iou(), 1e-12);
        assertEquals(0.625, m.meanIou(), 1e-12);
        assertEquals(0.7, m.pixelAccuracy(), 1e-12);
        // recall 2/3, 3/4, 1, 1/2
        assertEquals((2.0 / 3 + 0.75 + 1 + 0.5) / 4, m.meanClassAccuracy(), 1e-12);
        // (3 * 0.5 + 4 * 0.5 + 1 * 1 + 2 * 0.5) / 10
        assertEquals(0.55, m.frequencyWeightedIou(), 1e-12);
    }

    @Test
    void absentClassesAreLeftOutOfTheMeans() {
        ConfusionMatrix m = new ConfusionMatrix(); // 21 classes: 17 of them absent
        m.update(TRUTH, PREDICTED);
        assertTrue(Double.isNaN(m.iou()[4]));
        assertTrue(Double.isNaN(m.classAccuracy()[20]));
        assertEquals(0.625, m.meanIou(), 1e-12);
        assertEquals(0.55, m.frequencyWeightedIou(), 1e-12);
    }

    @Test
    void streamingEqualsOneUpdateAndNdArraysEqualArrays() {
        ConfusionMatrix whole = new ConfusionMatrix(4);
        whole.update(TRUTH, PREDICTED);
        ConfusionMatrix parts = new ConfusionMatrix(4);
        byte[] t = new byte[TRUTH.length];
        byte[] p = new byte[TRUTH.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = (byte) TRUTH[i];
            p[i] = (byte) PREDICTED[i];
        }
        parts.update(t, p, 0, 5);
        parts.update(t, p, 5, 7);
        ConfusionMatrix fromArrays = new ConfusionMatrix(4);
        try (NDManager manager = OfflineEngine.newManager()) {
            long[] tl = java.util.Arrays.stream(TRUTH).asLongStream().toArray();
            fromArrays.update(manager.create(tl, new Shape(2, 2, 3)), manager.create(PREDICTED, new Shape(2, 2, 3)));
        }
        for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
                assertEquals(whole.count(a, b), parts.count(a, b));
                assertEquals(whole.count(a, b), fromArrays.count(a, b));
            }
        }
        parts.reset();
        assertEquals(0, parts.total());
    }

    @Test
    void outOfRangeValuesAreRejected() {
        ConfusionMatrix m = new ConfusionMatrix(4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.update(new int[] {0, 1}, new int[] {0, 255}));
        assertTrue(e.getMessage().contains("predicted class 255 at pixel 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.update(new int[] {7}, new int[] {0}));
    }
}
