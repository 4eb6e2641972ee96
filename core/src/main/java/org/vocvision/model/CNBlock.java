package org.vocvision.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * The ConvNeXt block as torchvision's {@code convnext.CNBlock}: {@code block} = 7x7 depthwise conv,
 * permute to NHWC, LayerNorm (eps 1e-6) over channels, Linear C -> 4C, GELU, Linear 4C -> C, permute back
 * (indices 0..6 as in torch's Sequential); then the per-channel {@code layer_scale} (C, 1, 1), stochastic
 * depth, and the identity shortcut.
 */
final class CNBlock extends AbstractBlock {

    /** torchvision's {@code layer_scale} initial value (Liu et al. 2022, following CaiT). */
    static final float LAYER_SCALE_INIT = 1e-6f;
    static final float LAYER_NORM_EPS = 1e-6f;

    private final SequentialBlock block;
    private final Parameter layerScale;
    private final StochasticDepth stochasticDepth;

    CNBlock(int channels, float layerScaleInit, float stochasticDepthProb) {
        block = addChildBlock("block", new Sequential()
                .add(Conv.of(channels, 7, 1, 3, 1, channels, true))
                .add(new Permute(0, 2, 3, 1))
                // on NHWC the channel is the last axis, which DJL's LayerNorm normalises when told to
                .add(LayerNorm.builder().axis(3).optEpsilon(LAYER_NORM_EPS).build())
                .add(Linear.builder().setUnits(4L * channels).build())
                .add(new Gelu())
                .add(Linear.builder().setUnits(channels).build())
                .add(new Permute(0, 3, 1, 2)));
        layerScale = addParameter(Parameter.builder().setName("layer_scale").setType(Parameter.Type.OTHER)
                .optShape(new Shape(channels, 1, 1)).optInitializer(new ConstantInitializer(layerScaleInit)).build());
        stochasticDepth = addChildBlock("stochastic_depth", new StochasticDepth(stochasticDepthProb));
    }

    /** The drop probability of this block's residual branch while training. */
    float stochasticDepthProbability() {
        return stochasticDepth.probability();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray y = block.forward(ps, inputs, training).singletonOrThrow();
        y = y.mul(ps.getValue(layerScale, x.getDevice(), training));
        y = stochasticDepth.forward(ps, new NDList(y), training).singletonOrThrow();
        return new NDList(y.add(x));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        block.initialize(manager, dataType, inputShapes);
        stochasticDepth.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
