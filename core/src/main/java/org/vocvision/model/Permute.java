package org.vocvision.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * torchvision's {@code ops.misc.Permute}: reorders the axes. A block of its own rather than a DJL
 * {@code LambdaBlock}, which computes its output shape by running on a zero tensor of the full input
 * size; it occupies an index in a Sequential as in torch, so state_dict names line up.
 */
final class Permute extends AbstractBlock {

    private final int[] dims;

    Permute(int... dims) {
        this.dims = dims.clone();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(inputs.singletonOrThrow().transpose(dims));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long[] out = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = inputShapes[0].get(dims[i]);
        }
        return new Shape[] {new Shape(out)};
    }
}
