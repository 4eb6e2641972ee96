package org.vocvision.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.vocvision.attack.Task;
import org.vocvision.data.Batch;

/** What the loss compares the model's output with: the only difference between the two tasks' loops. */
public enum Target {
    /** Multi-label classification: (N, 20) 0/1 class targets. */
    CLASSES {
        @Override
        public NDArray labels(Batch batch, NDManager manager) {
            return batch.targets(manager);
        }

        @Override
        public Task task() {
            return Task.CLASSIFICATION;
        }
    },
    /** Semantic segmentation: (N, H, W) int64 class indices, 255 void. */
    MASKS {
        @Override
        public NDArray labels(Batch batch, NDManager manager) {
            return batch.masks(manager);
        }

        @Override
        public Task task() {
            return Task.SEGMENTATION;
        }
    };

    /** The batch's labels for this task, in the given (per-step) manager. */
    public abstract NDArray labels(Batch batch, NDManager manager);

    /** The same task as the attacks name it. */
    public abstract Task task();
}
