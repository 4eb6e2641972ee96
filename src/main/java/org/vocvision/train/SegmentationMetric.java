package org.vocvision.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import org.vocvision.data.Batch;
import org.vocvision.data.VocClasses;
import org.vocvision.metric.ConfusionMatrix;
import org.vocvision.model.Interpolation;

/**
 * Segmentation validation from one confusion matrix over all validation pixels (torchvision's
 * {@code references/segmentation/utils.py}): {@code val_miou} and {@code val_pixel_acc} of the logits'
 * argmax against the batch masks, void (255) pixels skipped.
 */
public final class SegmentationMetric implements ValidationMetric {

    private final ConfusionMatrix matrix = new ConfusionMatrix(VocClasses.COUNT + 1);

    @Override
    public void reset() {
        matrix.reset();
    }

    @Override
    public void update(Batch batch, NDArray logits) {
        NDManager manager = logits.getManager();
        NDArray scores = logits;
        if (logits.getShape().get(2) != batch.height() || logits.getShape().get(3) != batch.width()) {
            scores = Interpolation.bilinear(logits, batch.height(), batch.width());
        }
        matrix.update(batch.masks(manager), scores.argMax(1));
    }

    @Override
    public LinkedHashMap<String, Double> compute() {
        LinkedHashMap<String, Double> m = new LinkedHashMap<>();
        m.put("val_miou", matrix.meanIou());
        m.put("val_pixel_acc", matrix.pixelAccuracy());
        return m;
    }
}
