package org.vocvision.train;

import org.vocvision.loss.IgnoreIndexCrossEntropy;
import org.vocvision.loss.DiceLoss;
import org.vocvision.loss.AsymmetricLoss;
import org.vocvision.loss.WeightedBceLoss;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.vocvision.engine.OfflineEngine;

/**
 * DJL frees the tensor behind a Java-number operand ({@code x.mul(2f)}) right after the forward op, while
 * autograd may still read it at backward; a garbage collection in between then yields garbage gradients
 * (docs/ENGINE-NOTES.md). The losses avoid such operands; this test forces collections between forward and
 * backward and requires the same gradient every time.
 */
class GradientUnderGarbageCollectionTest {

    private static float[] gradient(NDManager manager, float[] input, Shape shape, Function<NDArray, NDArray> f) {
        try (NDManager step = manager.newSubManager()) {
            NDArray x = step.create(input, shape);
            NDArray out;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                x.setRequiresGradient(true);
                out = f.apply(x);
                for (int i = 0; i < 3; i++) {
                    System.gc();
                    for (int k = 0; k < 200; k++) {
                        java.nio.ByteBuffer.allocateDirect(64).putFloat(0, Float.NaN);
                    }
                }
                gc.backward(out);
            }
            return x.getGradient().toFloatArray();
        }
    }

    private static void assertStable(Loss loss, NDArray labels, float[] logits, Shape shape) {
        NDManager manager = labels.getManager();
        Function<NDArray, NDArray> f = x -> loss.evaluate(new NDList(labels), new NDList(x));
        float[] first = gradient(manager, logits, shape, f);
        for (int r = 0; r < 10; r++) {
            assertArrayEquals(first, gradient(manager, logits, shape, f), 1e-6f, loss.getName() + " try " + r);
        }
    }

    @Test
    void lossGradientsSurviveCollections() {
        try (NDManager manager = OfflineEngine.newManager()) {
            float[] logits = new float[2 * 20];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = (i % 7) - 3.5f;
            }
            NDArray targets = manager.randomUniform(0, 1, new Shape(2, 20)).gt(0.5f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
            assertStable(new WeightedBceLoss(), targets, logits, new Shape(2, 20));
            assertStable(new AsymmetricLoss(), targets, logits, new Shape(2, 20));

            float[] pixels = new float[1 * 3 * 2 * 2];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (i % 5) - 2f;
            }
            NDArray mask = manager.create(new long[] {0, 1, 255, 2}, new Shape(1, 2, 2));
            assertStable(new DiceLoss(), mask, pixels, new Shape(1, 3, 2, 2));
            assertStable(new IgnoreIndexCrossEntropy(), mask, pixels, new Shape(1, 3, 2, 2));
        }
    }
}
