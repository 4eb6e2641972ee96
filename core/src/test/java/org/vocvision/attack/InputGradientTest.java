package org.vocvision.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vocvision.engine.OfflineEngine;

/** The input gradient of every goal's objective against central finite differences in float64. */
class InputGradientTest {

    @Test
    void matchesFiniteDifferencesForEveryGoal() {
        try (NDManager manager = OfflineEngine.newManager()) {
            // smooth activations so finite differences are exact to second order; float64 to keep rounding out
            Block classifier = new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(4).build())
                    .add(Activation::tanh).add(Pool.globalAvgPool2dBlock()).add(Linear.builder().setUnits(3).build());
            classifier.initialize(manager, DataType.FLOAT64, new Shape(1, 3, 5, 5));
            Block segmenter = new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(4).build())
                    .add(Activation::tanh).add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(3).build());
            segmenter.initialize(manager, DataType.FLOAT64, new Shape(1, 3, 5, 5));
            for (Block b : List.of(classifier, segmenter)) {
                b.getParameters().values().forEach(p -> p.getArray().muli(3)); // sharper logits: larger gradients
            }
            NDArray x = manager.randomUniform(0f, 1f, new Shape(2, 3, 5, 5)).toType(DataType.FLOAT64, false);
            NDArray labels = manager.create(new double[] {1, 0, 1, 0, 1, 1}, new Shape(2, 3));
            long[] mask = new long[50];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = i % 7 == 0 ? 255 : i % 3;
            }
            NDArray masks = manager.create(mask, new Shape(2, 5, 5));
            check(classifier, x, LabelGoal.away(labels, 0.5), Double.NaN);
            check(classifier, x, LabelGoal.toward(manager.create(new double[] {0, 1, 1}), manager.create(new double[] {1, 1, 0}), 0.5), Double.NaN);
            check(segmenter, x, MaskGoal.away(masks), Double.NaN);
            check(segmenter, x, MaskGoal.away(masks), 0.3);
            check(segmenter, x, MaskGoal.toward(masks), Double.NaN);
        }
    }

    @Test
    void nonFiniteGradientEntriesBecomeZeroAndTheRestStays() {
        try (NDManager manager = OfflineEngine.newManager()) {
            NDArray g = manager.create(new float[] {1.5f, Float.NaN, -2f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY});
            org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {1.5f, 0, -2f, 0, 0}, InputGradient.finite(g).toFloatArray());
        }
    }

    private static void check(Block model, NDArray x, Goal goal, double lambda) {
        double[] gradient = InputGradient.of(model, x, goal, lambda).toDoubleArray();
        double h = 1e-5;
        int[] coordinates = {0, 7, 31, 77, 120, 149};
        for (int k : coordinates) {
            double up = objectiveAt(model, x, goal, lambda, k, h);
            double down = objectiveAt(model, x, goal, lambda, k, -h);
            double numeric = (up - down) / (2 * h);
            assertEquals(numeric, gradient[k], 1e-6 + 1e-4 * Math.abs(numeric), goal + " coordinate " + k);
        }
    }

    private static double objectiveAt(Block model, NDArray x, Goal goal, double lambda, int k, double h) {
        double[] values = x.toDoubleArray();
        values[k] += h;
        try (NDManager scope = x.getManager().newSubManager()) {
            NDArray moved = scope.create(values, x.getShape());
            NDArray logits = InputGradient.forward(model, moved);
            return goal.objective(logits, lambda).toType(DataType.FLOAT64, false).getDouble();
        }
    }
}
