package org.vocvision.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.vocvision.engine.OfflineEngine;

/**
 * The one-kernel {@link Relu6} (a speed choice, docs/BENCHMARKS.md) computes what DJL's two-kernel
 * {@code Activation.relu6} (relu, then minimum with 6) computes, values and gradients, within 1e-5. The
 * reference holds its 6 as an NDArray of the step: DJL's own relu6 passes a Java number, which autograd may
 * read after it is freed (docs/ENGINE-NOTES.md, trap 2).
 */
class Relu6VariantsTest {

    @Test
    void clampEqualsReluThenMinimum() {
        try (NDManager manager = OfflineEngine.newManager()) {
            // a BN output's range and beyond; exact 0 and 6 (where the two kernels' subgradients may differ) have
            // probability 0 for continuous inputs and are not drawn
            NDArray x = manager.randomNormal(2f, 4f, new Shape(4, 8, 16, 16), ai.djl.ndarray.types.DataType.FLOAT32);
            float[][] ours = valueAndGradient(x, a -> Relu6.block().forward(new ParameterStore(manager, false),
                    new NDList(a), true).head());
            float[][] djl = valueAndGradient(x, a -> a.getNDArrayInternal().relu().minimum(a.getManager().create(6f)));
            assertArrayEquals(djl[0], ours[0], 1e-5f);
            assertArrayEquals(djl[1], ours[1], 1e-5f);
        }
    }

    private static float[][] valueAndGradient(NDArray x, java.util.function.UnaryOperator<NDArray> f) {
        try (NDManager step = x.getManager().newSubManager()) {
            NDArray input = x.duplicate();
            input.attach(step);
            input.setRequiresGradient(true);
            float[] value;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = f.apply(input);
                value = y.toFloatArray();
                // weight each output differently so a wrong gradient anywhere shows
                collector.backward(y.mul(input.getManager().arange(y.size()).reshape(y.getShape()).toType(
                        ai.djl.ndarray.types.DataType.FLOAT32, false)).sum());
            }
            return new float[][] {value, input.getGradient().toFloatArray()};
        }
    }
}
