package org.vocvision.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class GradientsTest {

    @Test
    void subtractingItselfKeepsNaNZeroClearsIt() {
        try (NDManager manager = OfflineEngine.newManager()) {
            NDArray g = manager.create(new float[] {Float.NaN, Float.POSITIVE_INFINITY, -2f, 0f});
            g.subi(g);
            assertTrue(Float.isNaN(g.toFloatArray()[0]), "DJL's g.subi(g) keeps NaN (why Gradients exists)");
            Gradients.zero(g);
            assertArrayEquals(new float[] {0, 0, 0, 0}, g.toFloatArray());
        }
    }

    /** The parameter's own buffer is cleared: the next backward gives the fresh gradient, not NaN. */
    @Test
    void aNaNParameterGradientBecomesZeroAndTheNextBackwardIsExact() {
        try (NDManager manager = OfflineEngine.newManager()) {
            NDArray w = manager.create(new float[] {1f, 2f, 3f});
            w.setRequiresGradient(true);
            NDArray poison = manager.create(new float[] {Float.NaN, 1f, Float.POSITIVE_INFINITY});
            NDArray three = manager.create(new float[] {3f, 3f, 3f});
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(w.mul(poison).sum());
            }
            assertTrue(Float.isNaN(w.getGradient().toFloatArray()[0]));
            try (NDArray gradient = w.getGradient()) {
                Gradients.zero(gradient);
            }
            assertArrayEquals(new float[] {0, 0, 0}, w.getGradient().toFloatArray());
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(w.mul(three).sum());
            }
            assertArrayEquals(new float[] {3, 3, 3}, w.getGradient().toFloatArray());
        }
    }
}
