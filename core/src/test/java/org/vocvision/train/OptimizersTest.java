package org.vocvision.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.vocvision.engine.Gradients;
import org.vocvision.engine.OfflineEngine;

/**
 * Three steps of AdamW and Nesterov SGD with decay skipping biases, a backbone learning-rate
 * multiplier of 0.1 and global-norm clipping at 0.5, against torch.optim on the same case
 * (src/test/python/loss_reference.py, section "optimiser steps").
 */
class OptimizersTest {

    private static final double TOLERANCE = 2e-6;

    private record Run(float[] w1, float[] b1, float[] w2, float[] b2, double[] norms) {}

    private static Run run(Supplier<Optimizer> optimizerFactory, double lr) {
        try (NDManager manager = OfflineEngine.newManager()) {
            SequentialBlock model = new SequentialBlock()
                    .add(Linear.builder().setUnits(4).build())
                    .add(Linear.builder().setUnits(2).build());
            model.initialize(manager, DataType.FLOAT32, new Shape(4, 3));
            List<Parameter> ps = model.getParameters().values();
            ps.get(0).getArray().set(formula(12, k -> 0.5 * Math.sin(k + 1)));
            ps.get(1).getArray().set(formula(4, k -> 0.1 * k));
            ps.get(2).getArray().set(formula(8, k -> 0.5 * Math.cos(k + 1)));
            ps.get(3).getArray().set(formula(2, k -> -0.1 * k));
            List<TrainableParameter> trainable = new ArrayList<>();
            var named = model.getParameters();
            for (int i = 0; i < named.size(); i++) {
                Parameter p = named.valueAt(i);
                trainable.add(new TrainableParameter(named.keyAt(i), p, i < 2 ? 0.1 : 1.0,
                        TrainableParameter.decaysByDefault(p)));
            }
            Optimizer optimizer = optimizerFactory.get();
            ParameterStore store = new ParameterStore(manager, false);
            double[] norms = new double[3];
            for (int step = 0; step < 3; step++) {
                try (NDManager sub = manager.newSubManager()) {
                    NDArray x = sub.create(formula(12, k -> Math.sin(0.5 * k)), new Shape(4, 3));
                    NDArray y = sub.create(formula(8, k -> Math.cos(0.3 * k)), new Shape(4, 2));
                    for (TrainableParameter p : trainable) {
                        NDArray g = p.parameter().getArray().getGradient();
                        Gradients.zero(g);
                    }
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray out = model.forward(store, new NDList(x), true).head();
                        gc.backward(out.sub(y).square().mean());
                    }
                    norms[step] = GradientClipping.clipGlobalNorm(trainable, 0.5);
                    optimizer.step(trainable, lr);
                }
            }
            return new Run(ps.get(0).getArray().toFloatArray(), ps.get(1).getArray().toFloatArray(),
                    ps.get(2).getArray().toFloatArray(), ps.get(3).getArray().toFloatArray(), norms);
        }
    }

    private static float[] formula(int n, java.util.function.IntToDoubleFunction f) {
        float[] values = new float[n];
        for (int k = 0; k < n; k++) {
            values[k] = (float) f.applyAsDouble(k);
        }
        return values;
    }

    @Test
    void adamWMatchesTorch() {
        Run run = run(() -> new AdamW(0.1), 0.01);
        assertArrayEquals(new double[] {1.1247314406738484, 1.080484437886366, 1.0370834090838918},
                run.norms(), 1e-5);
        assertArrayEquals(new float[] {0.4236102189788148f, 0.4575143641757814f, 0.07354157980684485f,
            -0.3753042037755476f, -0.47633089637383363f, -0.13667596469939763f, 0.331399207978f,
            0.49753521705985104f, 0.20900191906992976f, -0.27492656220565387f, -0.5028443559798151f,
            -0.2712063419427595f}, run.w1(), (float) TOLERANCE);
        assertArrayEquals(new float[] {0.0030039208196535726f, 0.09708647454545553f, 0.1970024431748144f,
            0.2970001575080892f}, run.b1(), (float) TOLERANCE);
        assertArrayEquals(new float[] {0.2993042026555065f, -0.23738304385503295f, -0.46354271376074013f,
            -0.29583682618939633f, 0.1713397427209079f, 0.4487258912962709f, 0.40576471934382186f,
            -0.10245068426753184f}, run.w2(), (float) TOLERANCE);
        assertArrayEquals(new float[] {0.030015008267516317f, -0.06999055951975333f}, run.b2(),
                (float) TOLERANCE);
    }

    @Test
    void nesterovSgdMatchesTorch() {
        Run run = run(() -> new Sgd(0.9, true, 0.01), 0.1);
        assertArrayEquals(new double[] {1.1247314406738484, 0.9952809487078682, 0.8154677535731416},
                run.norms(), 1e-5);
        assertArrayEquals(new float[] {0.4230735371149293f, 0.45790324789718817f, 0.07418101531462144f,
            -0.375645263947506f, -0.4755781896688526f, -0.13590704411422339f, 0.32889389733121177f,
            0.4954334420176423f, 0.2072511400145949f, -0.2741348400204484f, -0.502724069585866f,
            -0.2712233882298533f}, run.w1(), (float) TOLERANCE);
        assertArrayEquals(new float[] {0.008909074613046408f, 0.09928568952981372f, 0.19224186395863394f,
            0.2907789862215844f}, run.b1(), (float) TOLERANCE);
        assertArrayEquals(new float[] {0.32539979444162925f, -0.24170392450195144f, -0.37665193736931346f,
            -0.31370036364220283f, 0.22998599871569958f, 0.3908702727673373f, 0.4957984462836508f,
            -0.14557413739773037f}, run.w2(), (float) TOLERANCE);
        assertArrayEquals(new float[] {0.2554598570347476f, 0.004449733904618901f}, run.b2(),
                (float) TOLERANCE);
    }

    @Test
    void biasesAndNormsDoNotDecay() {
        try (NDManager manager = OfflineEngine.newManager()) {
            SequentialBlock model = new SequentialBlock().add(Linear.builder().setUnits(2).build())
                    .add(ai.djl.nn.norm.BatchNorm.builder().build());
            model.initialize(manager, DataType.FLOAT32, new Shape(2, 3));
            var named = model.getParameters();
            List<Boolean> decays = new ArrayList<>();
            for (int i = 0; i < named.size(); i++) {
                decays.add(TrainableParameter.decaysByDefault(named.valueAt(i)));
            }
            // Linear weight, Linear bias, BN gamma, BN beta, running mean, running var
            assertEquals(List.of(true, false, false, false, false, false), decays);
        }
    }
}
