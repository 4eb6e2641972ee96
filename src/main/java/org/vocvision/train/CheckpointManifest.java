package org.vocvision.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The JSON inside (and beside) every checkpoint: the model card plus the loop's position, so a
 * resume continues exactly where the run stopped.
 *
 * @param format checkpoint format version
 * @param card model name, config, classes, thresholds
 * @param epoch completed epochs
 * @param step completed optimiser steps
 * @param lrScale the factor callbacks put on the schedule (ReduceLrOnPlateau)
 * @param seed the run's seed; epoch e reseeds with seed + e
 * @param stage the fine-tuning stage in force, or null
 * @param callbacks each callback's state, keyed "index:ClassName"
 * @param history every epoch so far
 * @param savedAt ISO-8601 time of writing
 */
public record CheckpointManifest(int format, ModelCard card, int epoch, long step, double lrScale, long seed,
        String stage, Map<String, JsonNode> callbacks, List<EpochResult> history, String savedAt) {

    static final int FORMAT = 1;
}
