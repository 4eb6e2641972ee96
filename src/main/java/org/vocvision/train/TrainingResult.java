package org.vocvision.train;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a training run produced.
 *
 * @param runDir the run directory (config.json, history.csv, checkpoints/, metrics.json, ...)
 * @param bestCheckpoint the best epoch's checkpoint, the one predict loads
 * @param metrics metrics.json's values: the best checkpoint's validation scores and the epochs run
 * @param trainImagesPerSecond training throughput over the whole run (augmentation, forward, backward, step)
 */
public record TrainingResult(Path runDir, Path bestCheckpoint, Map<String, Double> metrics, double trainImagesPerSecond) {

    public TrainingResult {
        metrics = Map.copyOf(metrics);
    }
}
