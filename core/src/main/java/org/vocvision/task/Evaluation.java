package org.vocvision.task;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vocvision.run.RunDir;

/**
 * A model measured on held-out images the way predict sees them (same resizing, same test-time
 * augmentation, each segmentation at its image's own size), so the number that picks the best
 * checkpoint is the number reported at the end and the number predict reproduces.
 */
public interface Evaluation {

    /**
     * Evaluates the model (inference mode) and returns {@code val_loss} then the task's metrics, the
     * main one ({@link Task#metric()}) first among them.
     */
    LinkedHashMap<String, Double> evaluate(Block model, NDManager manager);

    /** How the main metric is computed, for metrics.json (e.g. which AP definition). */
    String definition();

    /**
     * Finishes a run after its best model was evaluated last: a classifier tunes per-class thresholds on
     * the validation probabilities (thresholds.json and the best checkpoint's card); a segmenter draws its
     * best and worst validation images (figures/, overlays.json). Returns metrics this adds.
     */
    Map<String, Double> finish(Block model, NDManager manager, RunDir dir) throws IOException;
}
