package org.vocvision.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.vocvision.engine.Gradients;
import org.vocvision.engine.OfflineEngine;

/**
 * The weight gradient through two 3x3 convolutions, five times over, equals torch's: oneDNN's kernels at
 * their default ISA are sound and repeatable (docs/ENGINE-NOTES.md section 1; an earlier SSE4.1 cap blamed
 * them for what a freed Java-number operand did). Reference: torch 1.13, src/test/python/loss_reference.py,
 * section "conv gradient check".
 */
class ConvGradientTest {

    @Test
    void gradientThroughTwoConvolutionsEqualsTorchEveryTime() {
        try (NDManager manager = OfflineEngine.newManager()) {
            SequentialBlock net = new SequentialBlock()
                    .add(conv()).add(Activation.reluBlock()).add(conv());
            net.initialize(manager, DataType.FLOAT32, new Shape(8, 3, 8, 8));
            NDArray w1 = net.getParameters().valueAt(0).getArray();
            w1.set(formula(8 * 3 * 9, k -> 0.1 * Math.sin(k)));
            net.getParameters().valueAt(1).getArray().set(formula(8 * 8 * 9, k -> 0.1 * Math.cos(k)));
            ParameterStore store = new ParameterStore(manager, false);
            for (int repeat = 0; repeat < 5; repeat++) {
                try (NDManager step = manager.newSubManager()) {
                    NDArray x = step.create(formula(8 * 3 * 64, k -> Math.abs(Math.sin(0.37 * k))), new Shape(8, 3, 8, 8));
                    try (NDArray g = w1.getGradient()) {
                        Gradients.zero(g);
                    }
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray out = net.forward(store, new NDList(x), true).head();
                        collector.backward(out.square().sum());
                    }
                    try (NDArray g = w1.getGradient()) {
                        assertEquals(757.1063901862267, g.abs().sum().getFloat(), 757.1 * 1e-5, "repeat " + repeat);
                        float[] first = new float[4];
                        System.arraycopy(g.toFloatArray(), 0, first, 0, 4);
                        assertArrayEquals(new float[] {5.8565955f, 9.339884f, 10.478421f, 4.9894688f}, first, 1e-4f);
                    }
                }
            }
        }
    }

    private static Conv2d conv() {
        return Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(8)
                .optBias(false).build();
    }

    private static float[] formula(int n, java.util.function.IntToDoubleFunction f) {
        float[] values = new float[n];
        for (int k = 0; k < n; k++) {
            values[k] = (float) f.applyAsDouble(k);
        }
        return values;
    }
}
