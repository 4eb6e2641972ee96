package org.vocvision.train;

import org.vocvision.run.EpochResult;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Keeps a checkpoint named "best" of the epoch with the best monitored value (val_map for
 * classification, val_miou for segmentation), as Keras' {@code ModelCheckpoint(save_best_only=True)}.
 */
public final class BestCheckpoint implements Callback {

    /** The checkpoint's name in {@code checkpoints/}. */
    public static final String NAME = org.vocvision.run.RunDir.BEST;

    private final String monitor;
    private final Mode mode;
    private double best;

    public BestCheckpoint(String monitor, Mode mode) {
        this.monitor = monitor;
        this.mode = mode;
        this.best = mode.worst();
    }

    /** Monitors the main metric's name with Keras' auto mode. */
    public BestCheckpoint(String monitor) {
        this(monitor, Mode.auto(monitor));
    }

    @Override
    public void onEpochEnd(EpochResult epoch, FitControl control) {
        double current = epoch.get(monitor);
        if (!Double.isNaN(current) && mode.improves(current, best, 0)) {
            best = current;
            control.requestCheckpoint(NAME);
        }
    }

    @Override
    public JsonNode state() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("best", Double.toString(best));
        return node;
    }

    @Override
    public void restore(JsonNode state) {
        best = Double.parseDouble(state.get("best").asText());
    }
}
