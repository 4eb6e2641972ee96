package org.vocvision.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vocvision.engine.OfflineEngine;

/**
 * The 1x1 stride-2 convolution of ResNet's projection shortcuts, run by libtorch at oneDNN's default ISA:
 * forward, input gradient and weight gradient against the same sums computed in float64 in Java. Its
 * backward once crashed a ResNet-50 training run; it was reproduced at no ISA (docs/ENGINE-NOTES.md), and
 * this test is what lets the shortcuts use the plain strided convolution.
 */
class StridedPointwiseConvTest {

    @ParameterizedTest(name = "{0}x{1}x{2}x{3} -> {4}")
    @CsvSource({
        "1, 3, 7, 9, 5",        // odd sizes, fewer channels than a vector register
        "2, 64, 15, 15, 128",   // ResNet shortcut at an odd size
        "2, 256, 28, 28, 512",  // ResNet-50 layer2's shortcut at 224 px input
        "2, 1024, 13, 13, 2048" // layer4's shortcut at an odd size
    })
    void forwardAndBothGradientsEqualFloat64(int n, int c, int h, int w, int filters) {
        int oh = (h - 1) / 2 + 1;
        int ow = (w - 1) / 2 + 1;
        float[] x = formula(n * c * h * w, k -> Math.sin(0.37 * k + 0.1));
        float[] weight = formula(filters * c, k -> 0.05 * Math.cos(0.91 * k));
        float[] r = formula(n * filters * oh * ow, k -> Math.sin(0.13 * k) + 0.5); // dLoss/dOut
        double[] out = new double[n * filters * oh * ow];
        double[] dx = new double[x.length];
        double[] dw = new double[weight.length];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < filters; o++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int y = ((b * filters + o) * oh + i) * ow + j;
                        double sum = 0;
                        for (int ch = 0; ch < c; ch++) {
                            int xi = ((b * c + ch) * h + 2 * i) * w + 2 * j;
                            sum += (double) weight[o * c + ch] * x[xi];
                            dx[xi] += (double) r[y] * weight[o * c + ch];
                            dw[o * c + ch] += (double) r[y] * x[xi];
                        }
                        out[y] = sum;
                    }
                }
            }
        }
        try (NDManager manager = OfflineEngine.newManager()) {
            Conv2d conv = Conv2d.builder().setKernelShape(new Shape(1, 1)).optStride(new Shape(2, 2))
                    .setFilters(filters).optBias(false).build();
            conv.initialize(manager, DataType.FLOAT32, new Shape(n, c, h, w));
            NDArray kernel = conv.getParameters().valueAt(0).getArray();
            kernel.set(weight);
            NDArray input = manager.create(x, new Shape(n, c, h, w));
            input.setRequiresGradient(true);
            NDArray dOut = manager.create(r, new Shape(n, filters, oh, ow));
            float[] forward;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = conv.forward(new ParameterStore(manager, false), new NDList(input), true).head();
                forward = y.toFloatArray();
                collector.backward(y.mul(dOut).sum());
            }
            assertClose("forward", out, forward);
            assertClose("input gradient", dx, input.getGradient().toFloatArray());
            assertClose("weight gradient", dw, kernel.getGradient().toFloatArray());
        }
    }

    /** Largest difference within 1e-5 of the largest reference value (float32 sums of up to 1024 terms). */
    private static void assertClose(String what, double[] expected, float[] actual) {
        assertTrue(expected.length == actual.length, what + ": " + actual.length + " values, expected " + expected.length);
        double scale = 0;
        double worst = 0;
        for (int k = 0; k < expected.length; k++) {
            scale = Math.max(scale, Math.abs(expected[k]));
            worst = Math.max(worst, Math.abs(expected[k] - actual[k]));
        }
        assertTrue(worst <= 1e-5 * scale, what + ": largest difference " + worst + " against largest value " + scale);
    }

    private static float[] formula(int n, java.util.function.IntToDoubleFunction f) {
        float[] values = new float[n];
        for (int k = 0; k < n; k++) {
            values[k] = (float) f.applyAsDouble(k);
        }
        return values;
    }
}
