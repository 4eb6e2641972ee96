package org.vocvision.model;

import ai.djl.ndarray.NDArray;

/** Global average pooling that keeps the (N, C, 1, 1) shape. */
final class GlobalAveragePool {

    private GlobalAveragePool() {}

    /**
     * Mean over H and W, one axis at a time: DJL's PyTorch engine rejects a mean over two axes, and a
     * division by a Java number is unsafe on a gradient path (DJL frees the number's tensor before
     * backward reads it: docs/ENGINE-NOTES.md).
     */
    static NDArray keepDims(NDArray x) {
        return x.mean(new int[] {3}, true).mean(new int[] {2}, true);
    }
}
