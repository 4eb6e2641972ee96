package org.vocvision.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vocvision.engine.OfflineEngine;

class TimmNamesTest {

    /**
     * timm's vgg _filter_fn turns torchvision's classifier.0.weight (4096 x 25088) into pre_logits.fc1.weight
     * by reshape(-1, 512, 7, 7): here a small (4 x 18) -> (4, 2, 3, 3) and back must give the same values.
     */
    @Test
    void mapsTimmsVggClassifierBackToTorchvisions() {
        try (NDManager manager = OfflineEngine.newManager()) {
            NDArray fc1 = manager.arange(72f).reshape(4, 2, 3, 3);
            Map<String, NDArray> file = new LinkedHashMap<>();
            file.put("features.0.weight", manager.ones(new Shape(2, 3, 3, 3)));
            file.put("pre_logits.fc1.weight", fc1);
            file.put("pre_logits.fc1.bias", manager.zeros(new Shape(4)));
            file.put("pre_logits.fc2.weight", manager.ones(new Shape(4, 4, 1, 1)));
            file.put("head.fc.weight", manager.ones(new Shape(5, 4)));
            Map<String, Shape> network = new LinkedHashMap<>();
            network.put("features.0.weight", new Shape(2, 3, 3, 3));
            network.put("classifier.0.weight", new Shape(4, 18));
            network.put("classifier.0.bias", new Shape(4));
            network.put("classifier.3.weight", new Shape(4, 4));
            network.put("classifier.6.weight", new Shape(5, 4));

            Map<String, NDArray> mapped = TimmNames.toTorchvision(file, network);
            assertEquals(List.of("features.0.weight", "classifier.0.weight", "classifier.0.bias", "classifier.3.weight",
                    "classifier.6.weight"), List.copyOf(mapped.keySet()));
            assertEquals(new Shape(4, 18), mapped.get("classifier.0.weight").getShape());
            // row r of torchvision's weight is filter r flattened (C, H, W) in C order
            assertArrayEquals(fc1.toFloatArray(), mapped.get("classifier.0.weight").toFloatArray());
            assertEquals(new Shape(4, 4), mapped.get("classifier.3.weight").getShape());
        }
    }

    /** A network that itself uses timm's names (resnet50v2's head.fc) keeps them. */
    @Test
    void leavesNamesTheNetworkHas() {
        try (NDManager manager = OfflineEngine.newManager()) {
            Map<String, NDArray> file = Map.of("head.fc.weight", manager.ones(new Shape(5, 4)));
            Map<String, NDArray> mapped = TimmNames.toTorchvision(file, Map.of("head.fc.weight", new Shape(5, 4),
                    "classifier.6.weight", new Shape(5, 4)));
            assertEquals(List.of("head.fc.weight"), List.copyOf(mapped.keySet()));
        }
    }
}
