package org.vocvision.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;

/**
 * Gradient buffers. libtorch accumulates into them, so each step starts by zeroing them. DJL zeroes with
 * {@code g.subi(g)} and {@code g.muli(0)} reads the same way, but NaN - NaN and NaN * 0 are NaN: one
 * non-finite gradient would stay for the rest of training. {@link #zero} assigns zeros instead.
 */
public final class Gradients {

    private static final NDIndex ALL = new NDIndex("...");

    private Gradients() {}

    /** Sets every element of {@code gradient} (in place, so the parameter sees it) to 0, NaN and infinities included. */
    public static void zero(NDArray gradient) {
        // the 0 becomes a tensor in the gradient's (long-lived) manager: the scope closes it
        try (NDScope scope = new NDScope()) {
            gradient.set(ALL, 0f);
            scope.suppressNotUsedWarning();
        }
    }
}
