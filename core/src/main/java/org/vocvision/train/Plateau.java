package org.vocvision.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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

    /** The best value and the wait, for a callback's checkpointed state to add its own to. */
    ObjectNode state() {
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        state.put("best", Double.toString(best));
        return state.put("wait", wait);
    }

    /** Restores what {@link #state} wrote. */
    void restore(JsonNode state) {
        best = Double.parseDouble(state.get("best").asText());
        wait = state.get("wait").asInt();
    }
}
