package org.vocvision.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vocvision.engine.OfflineEngine;

/** The tap wrapper: requested outputs in the requested order, the backbone's names, nothing past the last tap. */
class IntermediateLayersTest {

    private static ResNet smallResNet() {
        return ResNet.builder().optStemWidth(8).optBasePlanes(4).optLayers(1, 1, 1, 1).build();
    }

    @Test
    void returnsTheRequestedTapsInOrder() {
        Block taps = new IntermediateLayers(smallResNet(), "layer3", "layer1");
        try (NDManager manager = OfflineEngine.newManager()) {
            Shape input = new Shape(2, 3, 64, 64);
            taps.initialize(manager, DataType.FLOAT32, input);
            NDList out = taps.forward(new ParameterStore(manager, false),
                    new NDList(manager.randomUniform(0, 1, input)), false);
            assertEquals(2, out.size());
            assertEquals(new Shape(2, 64, 4, 4), out.get(0).getShape());
            assertEquals(new Shape(2, 16, 16, 16), out.get(1).getShape());
            Shape[] inferred = taps.getOutputShapes(new Shape[] {input});
            assertEquals(out.get(0).getShape(), inferred[0]);
            assertEquals(out.get(1).getShape(), inferred[1]);
        }
    }

    @Test
    void keepsTheNamesAndStopsAfterTheLastTap() {
        Block taps = new IntermediateLayers(smallResNet(), "layer1", "layer2");
        try (NDManager manager = OfflineEngine.newManager()) {
            taps.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            Map<String, ?> params = StateDict.parameters(taps);
            assertTrue(params.containsKey("conv1.weight"));
            assertTrue(params.containsKey("layer2.0.conv2.weight"));
            assertTrue(params.keySet().stream().noneMatch(n -> n.startsWith("layer3") || n.startsWith("fc")),
                    params.keySet().toString());
        }
    }

    @Test
    void tapsInsideASequentialChildKeepItsName() {
        MobileNetV2 net = MobileNetV2.builder().optWidth(0.25f).build();
        Block taps = new IntermediateLayers(net, "features.3", "features.5");
        List<String> features = taps.getChildren().keys();
        assertEquals(List.of("01features"), features);
        try (NDManager manager = OfflineEngine.newManager()) {
            taps.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            Map<String, ?> params = StateDict.parameters(taps);
            assertTrue(params.containsKey("features.5.conv.0.0.weight"), params.keySet().toString());
            assertTrue(params.keySet().stream().noneMatch(n -> n.startsWith("features.6") || n.startsWith("classifier")));
            NDArray x = manager.ones(new Shape(1, 3, 32, 32));
            NDList out = taps.forward(new ParameterStore(manager, false), new NDList(x), false);
            assertEquals(new Shape(1, 8, 8, 8), out.get(0).getShape());
            assertEquals(new Shape(1, 8, 4, 4), out.get(1).getShape());
        }
    }

    @Test
    void anUnknownNameIsAnErrorNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new IntermediateLayers(smallResNet(), "layer1", "layer5"));
        assertTrue(e.getMessage().contains("'layer5'") && e.getMessage().contains("layer4"), e.getMessage());
        IllegalArgumentException inner = assertThrows(IllegalArgumentException.class,
                () -> new IntermediateLayers(MobileNetV2.builder().build(), "features.99"));
        assertTrue(inner.getMessage().contains("'features'") && inner.getMessage().contains("'99'"), inner.getMessage());
        // a tap inside a residual block is not a sequential's output
        assertThrows(IllegalArgumentException.class, () -> new IntermediateLayers(smallResNet(), "layer1.0.conv1"));
    }
}
