package org.vocvision.train;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import org.vocvision.data.Batch;

/**
 * The task's validation metric, plugged into {@link Fit}: at each epoch end Fit calls
 * {@link #reset()}, then {@link #update} for every validation batch with the model's raw outputs
 * (logits (N, C) or (N, C, H, W), inference mode), then {@link #compute()}.
 * The metric package's mAP/F1 and confusion-matrix mIoU implement it.
 */
public interface ValidationMetric {

    /** Forgets everything seen so far. */
    void reset();

    /** Accumulates one batch; the arrays belong to the step's manager and die after the call. */
    void update(Batch batch, NDArray logits);

    /**
     * Named values such as {@code val_map, val_f1} or {@code val_miou, val_pixel_acc}, in the order
     * history.csv shows them; the FIRST entry is the main metric (best checkpoint, curves).
     */
    LinkedHashMap<String, Double> compute();
}
