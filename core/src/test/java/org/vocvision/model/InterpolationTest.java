package org.vocvision.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.vocvision.engine.OfflineEngine;

/**
 * Bilinear resizing against torch's F.interpolate(align_corners=False), values and gradients, from
 * src/test/python/interpolation_reference.py, enlarging and shrinking.
 */
class InterpolationTest {

    @Test
    void matchesTorchValuesAndGradients() throws Exception {
        JsonNode fixture;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/bilinear.json")) {
            fixture = new ObjectMapper().readTree(in);
        }
        try (NDManager manager = OfflineEngine.newManager()) {
            float[] input = toFloats(fixture.get("input"));
            for (JsonNode c : fixture.get("cases")) {
                int h = c.get("size").get(0).asInt();
                int w = c.get("size").get(1).asInt();
                NDArray x = manager.create(input, new Shape(2, 3, 5, 7));
                NDArray y;
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    x.setRequiresGradient(true);
                    y = Interpolation.bilinear(x, h, w);
                    NDArray weights = manager.arange(0f, (float) y.size()).div(y.size()).reshape(y.getShape());
                    gc.backward(y.mul(weights).sum());
                }
                assertEquals(new Shape(2, 3, h, w), y.getShape());
                assertArrayEquals(toFloats(c.get("output")), y.toFloatArray(), 1e-5f, "output at " + h + "x" + w);
                assertArrayEquals(toFloats(c.get("grad")), x.getGradient().toFloatArray(), 1e-5f, "gradient at " + h + "x" + w);
            }
        }
    }

    private static float[] toFloats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }
}
