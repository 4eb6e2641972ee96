package org.vocvision.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.vocvision.engine.OfflineEngine;

class UNetTest {

    @Test
    void keepsOddInputSizes() {
        try (NDManager manager = OfflineEngine.newManager()) {
            UNet net = new UNet(21, 4, 4);
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 37, 50));
            for (int[] size : new int[][] {{37, 50}, {28, 50}, {65, 49}}) {
                NDArray x = manager.randomUniform(0, 1, new Shape(2, 3, size[0], size[1]));
                NDArray y = net.forward(new ParameterStore(manager, false), new NDList(x), false).head();
                assertEquals(new Shape(2, 21, size[0], size[1]), y.getShape());
                assertFalse(y.isNaN().any().getBoolean());
            }
        }
    }
}
