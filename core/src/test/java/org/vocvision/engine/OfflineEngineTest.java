package org.vocvision.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

class OfflineEngineTest {
    @Test
    void startsThePyTorchEngineOffline() {
        try (NDManager manager = OfflineEngine.newManager()) {
            NDArray x = manager.create(new float[] {1, 2, 3, 4});
            assertEquals(10f, x.sum().getFloat(), 0f);
            assertEquals("PyTorch", manager.getEngine().getEngineName());
            assertEquals("true", System.getProperty("ai.djl.offline"));
        }
    }
}
