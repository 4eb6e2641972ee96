package org.vocvision.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

/**
 * Starts DJL's PyTorch engine without ever touching the network.
 *
 * <p>DJL reaches a cloud metadata address at engine start unless both {@code ai.djl.offline} and
 * {@code OPT_OUT_TRACKING} are set (../shared/DJL-NOTES.md), so every entry point calls
 * {@link #start()} before its first NDArray. The natives come from the pytorch-native-cpu jar.
 */
public final class OfflineEngine {

    private OfflineEngine() {}

    /** Sets the offline properties (unless the user set them) and returns the started engine. */
    public static synchronized Engine start() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
        return Engine.getEngine("PyTorch");
    }

    /** A root manager on the started engine's CPU device. */
    public static NDManager newManager() {
        return start().newBaseManager();
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
