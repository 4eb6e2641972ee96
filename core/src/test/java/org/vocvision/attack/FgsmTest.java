package org.vocvision.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vocvision.engine.OfflineEngine;

/** FGSM and the input gradient on a fixed network against torch (src/test/python/fgsm_reference.py). */
class FgsmTest {

    // printed by src/test/python/fgsm_reference.py (torch 1.13)
    private static final float[] TORCH_GRADIENT = {
        1.096694637e-02f, -9.104876779e-03f, -2.240720764e-02f, -2.335384022e-03f, 3.921261430e-02f, 3.503076732e-03f,
        -3.594619781e-02f, -2.366581466e-04f, 6.092544645e-02f, 3.408412635e-02f, -1.820975542e-02f, 8.631561883e-03f,
        3.267977759e-02f, 2.147617377e-02f, -4.670768045e-03f, 6.532835774e-03f, -2.450593188e-02f, -3.127542511e-02f,
        4.197452683e-03f, 1.096694637e-02f, -4.457775503e-02f, -5.368263274e-02f, 3.010773659e-02f, 3.921261430e-02f,
        -3.570953757e-02f, -3.594619781e-02f, 6.068878621e-02f, 6.092544645e-02f, -1.563771442e-02f, -1.353898831e-02f,
        3.477850184e-02f, 3.267977759e-02f, -1.120360382e-02f, -4.670768045e-03f, -1.797309518e-02f, -2.450593188e-02f,
        -1.797309704e-02f, -4.733158275e-04f, -2.707797289e-02f, -4.457775503e-02f, -9.104877710e-03f, 3.010773659e-02f,
        3.503076732e-03f, -3.570953757e-02f, -2.335384022e-03f, 2.591028251e-02f, 1.260795258e-02f, -1.563771442e-02f
    };
    private static final float[] TORCH_ADVERSARIAL = {
        0.08263158f, 0.70684212f, 0.49631581f, 0.28578946f, 0.13526316f, 0.81947368f, 0.54894739f, 0.33842105f,
        0.18789473f, 0.87210524f, 0.60157895f, 0.45105264f, 0.24052632f, 0.92473680f, 0.65421057f, 0.50368422f,
        0.23315790f, 0.02263158f, 0.76684207f, 0.55631578f, 0.28578946f, 0.07526316f, 0.81947368f, 0.60894734f,
        0.33842105f, 0.12789473f, 0.87210524f, 0.66157889f, 0.39105263f, 0.18052632f, 0.92473680f, 0.71421051f,
        0.44368422f, 0.23315790f, 0.02263158f, 0.70684212f, 0.49631581f, 0.28578946f, 0.07526316f, 0.75947374f,
        0.54894739f, 0.39842105f, 0.18789473f, 0.81210530f, 0.60157895f, 0.45105264f, 0.24052632f, 0.86473686f
    };

    /** conv 3->2 3x3, global average pool, linear 2->3, with the script's integer-formula weights. */
    static Block fixtureNet(NDManager manager) {
        Block net = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(2).build())
                .add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(3).build());
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 4, 4));
        float[] conv = new float[54];
        for (int k = 0; k < conv.length; k++) {
            conv[k] = ((k * 7) % 11 - 5) / 10f;
        }
        float[] linear = new float[6];
        for (int k = 0; k < linear.length; k++) {
            linear[k] = ((k * 5) % 7 - 3) / 4f;
        }
        List<float[]> values = List.of(conv, new float[] {0.1f, -0.2f}, linear, new float[] {0.05f, -0.1f, 0.2f});
        for (int i = 0; i < values.size(); i++) {
            net.getParameters().valueAt(i).getArray().set(values.get(i));
        }
        return net;
    }

    static NDArray fixtureInput(NDManager manager) {
        float[] x = new float[48];
        for (int k = 0; k < x.length; k++) {
            x[k] = ((k * 13) % 17 + 1) / 19f;
        }
        return manager.create(x, new Shape(1, 3, 4, 4));
    }

    @Test
    void inputGradientAndFgsmEqualTorch() {
        try (NDManager manager = OfflineEngine.newManager()) {
            Block net = fixtureNet(manager);
            NDArray x = fixtureInput(manager);
            Goal goal = LabelGoal.away(manager.create(new float[] {1, 0, 1}, new Shape(1, 3)), 0.5);
            assertArrayEquals(TORCH_GRADIENT, InputGradient.of(net, x, goal).toFloatArray(), 1e-7f);
            assertArrayEquals(TORCH_ADVERSARIAL, new Fgsm(0.03).perturb(net, x, goal).toFloatArray(), 1e-6f);
        }
    }
}
