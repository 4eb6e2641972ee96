package org.vocvision.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The JSON inside (and beside) every checkpoint: the model's card (its recipe, so predict needs
 * nothing else, and the thresholds tuned after training) plus the loop's position, so a resume
 * continues exactly where the run stopped.
 *
 * @param format checkpoint format version
 * @param recipe the training recipe as config.json holds it (train.Recipe): model, task, options, provenance
 * @param thresholds a classifier's tuned per-class thresholds, or null
 * @param epoch completed epochs
 * @param step completed optimiser steps
 * @param lrScale the factor callbacks put on the schedule (ReduceLrOnPlateau)
 * @param seed the run's seed; epoch e reseeds with seed + e
 * @param stage the fine-tuning stage in force, or null
 * @param callbacks each callback's state, keyed "index:ClassName"
 * @param history every epoch so far
 * @param savedAt ISO-8601 time of writing
 */
public record CheckpointManifest(int format, JsonNode recipe, JsonNode thresholds, int epoch, long step,
        double lrScale, long seed, String stage, Map<String, JsonNode> callbacks, List<EpochResult> history,
        String savedAt) {

    /** Format 2: the card is the typed recipe (format 1 held a free-form model card). */
    public static final int FORMAT = 2;

    /** The same manifest with new thresholds. */
    public CheckpointManifest withThresholds(JsonNode t) {
        return new CheckpointManifest(format, recipe, t, epoch, step, lrScale, seed, stage, callbacks, history, savedAt);
    }
}
