package org.vocvision.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vocvision.data.Batch;
import org.vocvision.engine.OfflineEngine;
import org.vocvision.metric.Thresholds;

/** The facts other packages used to decide by branching on the task, now asked of the task. */
class TaskDecisionsTest {

    @Test
    void namesAndTargets() {
        assertEquals("classifier", Task.CLASSIFICATION.role());
        assertEquals("segmenter", Task.SEGMENTATION.role());
        assertEquals("add:cat", Task.CLASSIFICATION.targetOf(" cat"));
        assertEquals("paint:cat", Task.SEGMENTATION.targetOf("cat "));
        assertEquals(1000, Task.CLASSIFICATION.publishedClasses());
        assertEquals(21, Task.SEGMENTATION.publishedClasses());
    }

    @Test
    void networkSizeIsTheSquareInputOrTheLongSideAtTheStride() {
        assertArrayEquals(new int[] {96, 96}, Task.CLASSIFICATION.networkSize(375, 500, 96, 1));
        // long side 96 -> 96 x 72, both multiples of 8
        assertArrayEquals(new int[] {72, 96}, Task.SEGMENTATION.networkSize(375, 500, 96, 8));
    }

    @Test
    void ownPredictionBecomesTheTruth() {
        try (NDManager m = OfflineEngine.newManager()) {
            float[] pixels = new float[3 * 2 * 2];
            // logits 2, -2, 0.1: sigmoid 0.88, 0.12, 0.52; per-class thresholds 0.5, 0.5, 0.6 -> 1, 0, 0
            Thresholds t = new Thresholds(new float[] {0.5f, 0.5f, 0.6f}, false);
            Batch labels = Task.CLASSIFICATION.predictionAsTruth(List.of("x"), 2, 2, pixels,
                    m.create(new float[] {2, -2, 0.1f}, new Shape(1, 3)), t);
            assertArrayEquals(new float[] {1, 0, 0}, labels.targets());
            // two classes over a 2x2 image: class 1 wins at pixels 0 and 3
            Batch mask = Task.SEGMENTATION.predictionAsTruth(List.of("x"), 2, 2, pixels,
                    m.create(new float[] {0, 5, 5, 0, 1, 0, 0, 1}, new Shape(1, 2, 2, 2)), null);
            assertArrayEquals(new byte[] {1, 0, 0, 1}, mask.masks());
        }
    }
}
