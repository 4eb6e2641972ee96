package org.vocvision.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The run directory's JSON files that both training pipelines write. */
final class RunFiles {

    static final String CONFIG = "config.json";
    static final String METRICS = "metrics.json";

    private RunFiles() {}

    /**
     * The last checkpoint of an interrupted run, checked against the new run's config: resuming with
     * another recipe would mix two runs, so only the number of epochs (and loader threads) may differ.
     */
    static Path resumeCheckpoint(Path runDir, JsonNode config) throws IOException {
        Path last = Checkpoint.file(runDir, LastCheckpoint.NAME);
        if (!Files.isRegularFile(last)) {
            throw new IllegalArgumentException(last + ": no checkpoint to resume from (train without --resume first)");
        }
        Path saved = runDir.resolve(CONFIG);
        if (Files.isRegularFile(saved)) {
            JsonNode before = withoutFreeFields(Checkpoint.JSON.readTree(saved.toFile()));
            // through bytes, as the saved one went: a float field read back is a double node
            JsonNode now = withoutFreeFields(Checkpoint.JSON.readTree(Checkpoint.JSON.writeValueAsBytes(config)));
            if (!before.equals(now)) {
                throw new IllegalArgumentException(saved + ": the run was started with another recipe; resume it with"
                        + " the same options (only --epochs and --threads may change), or train into a new --run directory");
            }
        }
        return last;
    }

    /** The config without the fields a resume may change. */
    private static JsonNode withoutFreeFields(JsonNode config) {
        JsonNode copy = config.deepCopy();
        if (copy.get("recipe") instanceof ObjectNode recipe) {
            recipe.remove("epochs");
            recipe.remove("threads");
        }
        return copy;
    }

    static void writeConfig(Path runDir, JsonNode config) throws IOException {
        Checkpoint.writeAtomically(runDir.resolve(CONFIG), Checkpoint.JSON.writeValueAsBytes(config));
    }

    /** metrics.json: the given values (NaN written as null: JSON has no NaN) and the throughput. */
    static void writeMetrics(Path runDir, Map<String, Double> metrics, double imagesPerSecond) throws IOException {
        ObjectNode node = Checkpoint.JSON.createObjectNode();
        metrics.forEach((k, v) -> {
            if (k.equals("epochs")) {
                node.put(k, v.intValue());
            } else if (Double.isNaN(v)) {
                node.putNull(k);
            } else {
                node.put(k, v);
            }
        });
        node.put("train_images_per_second", imagesPerSecond);
        Checkpoint.writeAtomically(runDir.resolve(METRICS), Checkpoint.JSON.writeValueAsBytes(node));
    }

    /** Training images per second over the run; an epoch's seconds include its validation pass. */
    static double imagesPerSecond(FitResult fit, int imagesPerEpoch) {
        double seconds = fit.history().stream().mapToDouble(EpochResult::seconds).sum();
        return seconds == 0 ? Double.NaN : imagesPerEpoch * (double) fit.history().size() / seconds;
    }
}
