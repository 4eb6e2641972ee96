package org.vocvision.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.vocvision.engine.OfflineEngine;

/**
 * Hardswish and hardsigmoid equal torch's definitions ({@code nn.Hardswish}: x * relu6(x + 3) / 6) in value
 * and gradient, with garbage collections between forward and backward: the constants must outlive the
 * forward (docs/DJL-NOTES.md, the Java-number trap).
 */
class HardSwishTest {

    @Test
    void valueAndGradientAsTorchDefinesThem() {
        try (NDManager manager = OfflineEngine.newManager()) {
            NDArray x = manager.randomNormal(0f, 3f, new Shape(4096), DataType.FLOAT32);
            x.setRequiresGradient(true);
            float[] in = x.toFloatArray();
            float[] value;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = HardSwish.hardSwish(x);
                value = y.toFloatArray();
                for (int i = 0; i < 3; i++) {
                    System.gc();
                }
                gc.backward(y.sum());
            }
            float[] grad = x.getGradient().toFloatArray();
            for (int i = 0; i < in.length; i++) {
                float v = in[i];
                float expected = v * Math.min(Math.max(v + 3, 0), 6) / 6;
                // torch's hardswish_backward: 0 below -3, 1 above 3, (2x + 3) / 6 between
                float slope = v < -3 ? 0 : v > 3 ? 1 : (2 * v + 3) / 6;
                assertEquals(expected, value[i], 1e-6f, "hardswish(" + v + ")");
                assertEquals(slope, grad[i], 1e-6f, "hardswish'(" + v + ")");
            }
        }
    }
}
