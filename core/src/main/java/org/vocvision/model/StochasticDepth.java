package org.vocvision.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Stochastic depth in "row" mode (Huang et al. 2016; torchvision's {@code ops.stochastic_depth}): while
 * training, each sample's residual branch is dropped whole with probability p and the survivors are
 * scaled by 1/(1-p), so the expectation is unchanged; identity at inference and for p = 0. The block
 * holds no parameters.
 */
final class StochasticDepth extends AbstractBlock implements HasInferenceMode {

    private final float p;
    private boolean inference;

    StochasticDepth(float p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("stochastic depth probability must be in [0, 1], got " + p);
        }
        this.p = p;
    }

    float probability() {
        return p;
    }

    @Override
    public void setInference(boolean on) {
        inference = on;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        if (!training || inference || p == 0f) {
            return inputs;
        }
        float survival = 1f - p;
        long[] rowShape = new long[x.getShape().dimension()];
        java.util.Arrays.fill(rowShape, 1);
        rowShape[0] = x.getShape().get(0);
        // torchvision: noise = empty(size).bernoulli_(survival); noise.div_(survival) if survival > 0.
        // The mask is a constant of the graph: the Java number never reaches a gradient path.
        NDArray keep = x.getManager().randomUniform(0f, 1f, new Shape(rowShape), x.getDataType(), x.getDevice())
                .lt(survival).toType(x.getDataType(), false);
        if (survival > 0f) {
            keep = keep.div(survival);
        }
        return new NDList(x.mul(keep));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
