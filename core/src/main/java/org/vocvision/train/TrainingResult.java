package org.vocvision.train;

import java.nio.file.Path;
import java.util.Map;
import org.vocvision.run.RunDir;

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

    /** Keys of metrics.json that describe the run rather than score it. */
    private static final java.util.Set<String> RUN_FIELDS = java.util.Set.of("best_epoch", "epochs",
            "train_images_per_second", "skipped_steps", "definition");

    /** A finished run's result, back from its metrics.json (a resumed main job reuses finished models). */
    public static TrainingResult read(Path runDir) throws java.io.IOException {
        RunDir dir = new RunDir(runDir);
        com.fasterxml.jackson.databind.JsonNode node = RunDir.JSON.readTree(dir.metrics().toFile());
        java.util.Map<String, Double> metrics = new java.util.LinkedHashMap<>();
        node.fields().forEachRemaining(f -> {
            if (!RUN_FIELDS.contains(f.getKey())) {
                metrics.put(f.getKey(), f.getValue().isNull() ? Double.NaN : f.getValue().asDouble());
            }
        });
        return new TrainingResult(runDir, dir.best(), metrics, node.get("best_epoch").asInt(), node.get("epochs").asInt(),
                node.get("train_images_per_second").asDouble());
    }
}
