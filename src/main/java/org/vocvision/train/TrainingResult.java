package org.vocvision.train;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a training run produced.
 *
 * @param runDir the run directory (config.json, history.csv, checkpoints/, metrics.json, ...)
 * @param bestCheckpoint the best epoch's checkpoint, the one predict loads
 * @param metrics metrics.json's scores: the best checkpoint's validation scores (val_loss first, the task's
 *     main metric next) and what the task's finish added (e.g. val_f1_tuned)
 * @param bestEpoch the 1-based epoch of the best checkpoint
 * @param epochs how many epochs ran (early stopping may end a run sooner)
 * @param trainImagesPerSecond training throughput over the whole run (augmentation, forward, backward, step)
 */
public record TrainingResult(Path runDir, Path bestCheckpoint, Map<String, Double> metrics, int bestEpoch, int epochs,
        double trainImagesPerSecond) {

    public TrainingResult {
        metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
    }
}
