package org.vocvision.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.vocvision.engine.OfflineEngine;

/** Every registered model builds small, runs forward on 1x3x64x64 and learns from one SGD step. */
class ZooTest {

    static Stream<String> names() {
        OfflineEngine.start();
        return Zoo.names().stream();
    }

    @ParameterizedTest
    @MethodSource("names")
    void buildsForwardsAndTrains(String name) throws java.io.IOException {
        ModelOptions options = ModelOptions.defaults().withNumClasses(3).withWidth(name.equals("unet") ? 4 : 0.25f);
        try (NDManager manager = OfflineEngine.newManager()) {
            NormalizedModel model = Zoo.create(name, options);
            Shape input = new Shape(2, 3, 64, 64);
            model.initialize(manager, DataType.FLOAT32, input);
            NDArray x = manager.randomUniform(0, 1, input);
            boolean segmentation = Zoo.task(name).equals(Zoo.SEGMENTATION);
            Shape expected = segmentation ? new Shape(2, 3, 64, 64) : new Shape(2, 3);
            assertEquals(expected, model.getOutputShapes(new Shape[] {input})[0]);

            // inference frees each layer's input once used (model.Sequential); twice, so nothing a forward
            // caches is freed under it: equal to DJL's forward inside a collector, which keeps everything
            ParameterStore eval = new ParameterStore(manager, false);
            float[] kept;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                kept = model.forward(eval, new NDList(x), false).head().toFloatArray();
            }
            for (int run = 0; run < 2; run++) {
                assertArrayEquals(kept, model.forward(eval, new NDList(x), false).head().toFloatArray(), 1e-6f,
                        name + ": inference that frees its intermediates");
            }

            Map<String, float[]> before = new HashMap<>();
            StateDict.parameters(model).forEach((k, p) -> before.put(k, p.getArray().toFloatArray()));
            ParameterStore ps = new ParameterStore(manager, false);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = model.forward(ps, new NDList(x), true).head();
                assertEquals(expected, y.getShape());
                assertFalse(y.isNaN().any().getBoolean(), "NaN in " + name);
                gc.backward(y.square().mean());
            }
            int changed = 0;
            for (Map.Entry<String, Parameter> e : StateDict.parameters(model).entrySet()) {
                Parameter p = e.getValue();
                if (p.requiresGradient()) {
                    NDArray w = p.getArray();
                    w.subi(w.getGradient().mul(0.1f));
                    if (!java.util.Arrays.equals(before.get(e.getKey()), w.toFloatArray())) {
                        changed++;
                    }
                }
            }
            assertTrue(changed > 0, name + ": no parameter changed after an SGD step");
            // DJL checkpoints (saveParameters) need every child block initialised
            model.saveParameters(new java.io.DataOutputStream(new java.io.ByteArrayOutputStream()));
        }
    }

    @Test
    void unknownNameListsTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Zoo.create("resnet51", ModelOptions.defaults()));
        assertTrue(e.getMessage().contains("resnet51"), e.getMessage());
        for (String valid : Zoo.names()) {
            assertTrue(e.getMessage().contains(valid), e.getMessage());
        }
    }

    @Test
    void denseHeadOnlyForPlainNets() {
        assertThrows(IllegalArgumentException.class,
                () -> Zoo.create("resnet50", ModelOptions.defaults().withHead(HeadKind.DENSE)));
        try (NDManager manager = OfflineEngine.newManager()) {
            // the seed notebook's AlexNet at 150 px: flatten 256x3x3 -> 512 -> 20
            NormalizedModel m = Zoo.create("alexnet", ModelOptions.defaults().withHead(HeadKind.DENSE));
            m.initialize(manager, DataType.FLOAT32, new Shape(1, 3, AlexNet.DEFAULT_INPUT_SIZE, AlexNet.DEFAULT_INPUT_SIZE));
            Map<String, Parameter> p = StateDict.parameters(m);
            assertEquals(new Shape(512, 256 * 3 * 3), p.get("classifier.0.weight").getArray().getShape());
            assertEquals(new Shape(20, 512), p.get("classifier.3.weight").getArray().getShape());
        }
    }
}
