package org.vocvision.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vocvision.engine.OfflineEngine;

/** Relu6, Normalize, AdaptiveAvgPool and MobileNetV2's channel rounding. */
class SmallBlocksTest {

    private static NDArray run(ai.djl.nn.Block b, NDArray x) {
        return b.forward(new ParameterStore(x.getManager(), false), new NDList(x), false).head();
    }

    @Test
    void relu6ClampsAndPassesGradientInside() {
        try (NDManager manager = OfflineEngine.newManager()) {
            NDArray x = manager.create(new float[] {-1f, 0.5f, 3f, 6f, 7.5f});
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = run(Relu6.block(), x);
                assertArrayEquals(new float[] {0f, 0.5f, 3f, 6f, 6f}, y.toFloatArray());
                gc.backward(y.sum());
            }
            float[] g = x.getGradient().toFloatArray();
            assertEquals(0f, g[0]);
            assertEquals(1f, g[1]);
            assertEquals(1f, g[2]);
            assertEquals(0f, g[4]);
        }
    }

    @Test
    void normalizeUsesImageNetStatistics() {
        try (NDManager manager = OfflineEngine.newManager()) {
            NDArray x = manager.ones(new Shape(1, 3, 1, 2));
            float[] y = run(Normalize.imageNet(), x).toFloatArray();
            assertEquals((1 - 0.485f) / 0.229f, y[0], 1e-6);
            assertEquals((1 - 0.456f) / 0.224f, y[2], 1e-6);
            assertEquals((1 - 0.406f) / 0.225f, y[5], 1e-6);
        }
    }

    @Test
    void adaptivePoolMatchesTorch() throws IOException {
        try (NDManager manager = OfflineEngine.newManager()) {
            // src/test/python/make_weight_fixtures.py: F.adaptive_avg_pool2d on a 5x7 map
            Map<String, NDArray> t = SafeTensors.read(manager, Path.of("src/test/resources/weights/adaptive_pool.safetensors"));
            NDArray x = t.get("input");
            assertEquals(0f, run(new AdaptiveAvgPool(3, 4), x).sub(t.get("to3x4")).abs().max().getFloat(), 1e-6);
            assertEquals(0f, run(new AdaptiveAvgPool(6, 6), x).sub(t.get("to6x6")).abs().max().getFloat(), 1e-6);
        }
    }

    @Test
    void makeDivisibleAsTorchvision() {
        // torchvision _make_divisible(32 * 0.25, 8) = 8, (24 * 0.35) = 8, (320 * 0.75) = 240, (96 * 0.5) = 48
        assertEquals(8, MobileNetV2.makeDivisible(32 * 0.25f, 8));
        assertEquals(8, MobileNetV2.makeDivisible(24 * 0.35f, 8));
        assertEquals(240, MobileNetV2.makeDivisible(320 * 0.75f, 8));
        assertEquals(48, MobileNetV2.makeDivisible(96 * 0.5f, 8));
        // the 0.9 rule: 10 rounds to 8, below 0.9 * 10, so it becomes 16
        assertEquals(16, MobileNetV2.makeDivisible(10f, 8));
    }
}
