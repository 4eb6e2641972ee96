package org.vocvision.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.vocvision.engine.OfflineEngine;

class BatchNorm2dTest {

    /**
     * Against torch's formulas computed here in double: training normalises with the batch's biased variance
     * and moves the running statistics by 0.1 towards the batch's (unbiased variance); inference mode uses
     * the running statistics and moves nothing, even in a training forward.
     */
    @Test
    void trainsAndInfersAsTorchsBatchNorm2d() {
        try (NDManager manager = OfflineEngine.newManager()) {
            BatchNorm2d bn = new BatchNorm2d();
            Shape shape = new Shape(3, 2, 4, 5);
            bn.initialize(manager, DataType.FLOAT32, shape);
            NDArray x = manager.randomNormal(1f, 2f, shape, DataType.FLOAT32);
            ParameterStore ps = new ParameterStore(manager, false);
            float[] in = x.toFloatArray();
            int n = 3;
            int c = 2;
            int hw = 20;
            double[] mean = new double[c];
            double[] var = new double[c];
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < hw; k++) {
                        mean[ch] += in[(i * c + ch) * hw + k];
                    }
                }
                mean[ch] /= n * hw;
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < hw; k++) {
                        double d = in[(i * c + ch) * hw + k] - mean[ch];
                        var[ch] += d * d;
                    }
                }
            }
            float[] expected = new float[in.length];
            float[] runningMean = new float[c];
            float[] runningVar = new float[c];
            for (int ch = 0; ch < c; ch++) {
                double biased = var[ch] / (n * hw);
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < hw; k++) {
                        int j = (i * c + ch) * hw + k;
                        expected[j] = (float) ((in[j] - mean[ch]) / Math.sqrt(biased + 1e-5));
                    }
                }
                runningMean[ch] = (float) (0.1 * mean[ch]);
                runningVar[ch] = (float) (0.9 + 0.1 * var[ch] / (n * hw - 1));
            }
            assertArrayEquals(expected, bn.forward(ps, new NDList(x), true).head().toFloatArray(), 1e-4f);
            assertArrayEquals(runningMean, param(bn, "runningMean"), 1e-5f);
            assertArrayEquals(runningVar, param(bn, "runningVar"), 1e-4f);

            bn.setInference(true);
            float[] frozen = new float[in.length];
            for (int j = 0; j < in.length; j++) {
                int ch = (j / hw) % c;
                frozen[j] = (float) ((in[j] - runningMean[ch]) / Math.sqrt(runningVar[ch] + 1e-5));
            }
            assertArrayEquals(frozen, bn.forward(ps, new NDList(x), true).head().toFloatArray(), 1e-4f);
            assertArrayEquals(runningMean, param(bn, "runningMean"), 1e-5f);

            // and it is DJL's op: the same as DJL's BatchNorm with torch's settings in inference
            BatchNorm djl = BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build();
            djl.initialize(manager, DataType.FLOAT32, shape);
            djl.getParameters().get("runningMean").getArray().set(param(bn, "runningMean"));
            djl.getParameters().get("runningVar").getArray().set(param(bn, "runningVar"));
            assertArrayEquals(djl.forward(ps, new NDList(x), false).head().toFloatArray(),
                    bn.forward(ps, new NDList(x), false).head().toFloatArray(), 1e-6f);
        }
    }

    private static float[] param(BatchNorm2d bn, String name) {
        return bn.getParameters().get(name).getArray().toFloatArray();
    }
}
