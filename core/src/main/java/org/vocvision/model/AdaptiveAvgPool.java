package org.vocvision.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * torch's {@code AdaptiveAvgPool2d(outH, outW)} for any input size: output cell i averages input rows
 * floor(i*H/outH) .. ceil((i+1)*H/outH)-1 (ATen's AdaptiveAveragePooling.cpp), likewise for columns.
 * Averaging over rows then columns is linear and separable, so it is two matrix products
 * {@code P_h . x . P_w^T} with fixed averaging matrices: exact, differentiable, any size (it also
 * replicates cells when the input is smaller than the output, as torch does).
 */
final class AdaptiveAvgPool extends AbstractBlock {

    private final int outHeight;
    private final int outWidth;

    AdaptiveAvgPool(int outHeight, int outWidth) {
        this.outHeight = outHeight;
        this.outWidth = outWidth;
    }

    /** (out x in) matrix whose row i averages torch's bin i. */
    static float[] binMatrix(int in, int out) {
        float[] m = new float[out * in];
        for (int i = 0; i < out; i++) {
            int start = Math.floorDiv(i * in, out);
            int end = -Math.floorDiv(-(i + 1) * in, out);
            for (int j = start; j < end; j++) {
                m[i * in + j] = 1f / (end - start);
            }
        }
        return m;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.head();
        int h = (int) x.getShape().get(2);
        int w = (int) x.getShape().get(3);
        if (h == outHeight && w == outWidth) {
            return new NDList(x);
        }
        NDManager manager = x.getManager();
        NDArray rows = manager.create(binMatrix(h, outHeight), new Shape(outHeight, h)).toType(x.getDataType(), false);
        NDArray cols = manager.create(binMatrix(w, outWidth), new Shape(outWidth, w)).toType(x.getDataType(), false);
        return new NDList(rows.matMul(x.matMul(cols.transpose())));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        return new Shape[] {new Shape(x.get(0), x.get(1), outHeight, outWidth)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // no parameters
    }
}
