package org.vocvision.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Layer norm over the channels of each NCHW pixel: torchvision's {@code convnext.LayerNorm2d}, which
 * permutes to NHWC, applies {@code F.layer_norm} over the last axis and permutes back. DJL's
 * {@link LayerNorm} normalises all trailing axes (C, H and W of an NCHW map), which is a different
 * function, so this block permutes as torchvision does. Parameters {@code weight} and {@code bias} of
 * shape (C); eps 1e-6 in ConvNeXt.
 */
final class LayerNorm2d extends AbstractBlock {

    private final float eps;
    private final Parameter weight;
    private final Parameter bias;

    LayerNorm2d(float eps) {
        this.eps = eps;
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.GAMMA).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BETA).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = ps.getValue(bias, x.getDevice(), training);
        NDArray nhwc = x.transpose(0, 2, 3, 1);
        NDArray y = LayerNorm.layerNorm(nhwc, w.getShape(), w, b, eps).singletonOrThrow();
        return new NDList(y.transpose(0, 3, 1, 2));
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        Shape s = inputShapes[0];
        if (s.dimension() != 4) {
            throw new IllegalArgumentException("LayerNorm2d takes N x C x H x W input, got " + s);
        }
        weight.setShape(new Shape(s.get(1)));
        bias.setShape(new Shape(s.get(1)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
