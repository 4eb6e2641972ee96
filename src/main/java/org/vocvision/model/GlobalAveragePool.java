package org.vocvision.model;

import ai.djl.ndarray.NDArray;

/** Global average pooling that keeps the (N, C, 1, 1) shape. */
final class GlobalAveragePool {

    private GlobalAveragePool() {}

    /** mean over H and W; libtorch through DJL rejects a mean over two axes, so sum and divide. */
    static NDArray keepDims(NDArray x) {
        long area = x.getShape().get(2) * x.getShape().get(3);
        return x.sum(new int[] {2, 3}, true).div(area);
    }
}
