package org.vocvision.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Keras' plateau bookkeeping, shared by {@link EarlyStopping} and {@link ReduceLrOnPlateau}: the monitored
 * quantity's best value so far and the epochs waited since it last improved by more than {@code minDelta}.
 */
final class Plateau {

    private final Mode mode;
    private final double minDelta;
    double best;
    int wait;

    Plateau(Mode mode, double minDelta) {
        this.mode = mode;
        this.minDelta = minDelta;
        this.best = mode.worst();
    }

    /** Whether {@code current} is a new best (NaN never is); a new best restarts the wait. */
    boolean improvedBy(double current) {
        if (Double.isNaN(current) || !mode.improves(current, best, minDelta)) {
            return false;
        }
        best = current;
        wait = 0;
        return true;
    }

    /** Adds the best value and the wait to a callback's checkpointed state. */
    void save(ObjectNode state) {
        state.put("best", Double.toString(best));
        state.put("wait", wait);
    }

    /** Restores what {@link #save} wrote. */
    void restore(JsonNode state) {
        best = Double.parseDouble(state.get("best").asText());
        wait = state.get("wait").asInt();
    }
}
