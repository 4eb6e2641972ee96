package org.vocvision.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * torch's {@code nn.GELU()} with its default {@code approximate='none'}: x * Phi(x) with the exact erf
 * (DJL's PyTorch engine calls {@code torch::gelu} with that default; ConvNeXtTest checks it against
 * 0.5 x (1 + erf(x / sqrt 2))). A block of its own for the same reason as {@link Permute}.
 */
final class Gelu extends AbstractBlock {

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(Activation.gelu(inputs.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
