package org.vocvision.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Pre-activation ResNet-50 as timm's {@code resnetv2_50} ({@code timm/models/resnetv2.py}: ResNetV2 with
 * {@code conv_layer=create_conv2d, norm_layer=BatchNormAct2d}, stem type '' and preact=True):
 * {@code stem.conv} 7x7/2 (no norm in a pre-activation stem) and a 3x3/2 max pool, four
 * {@code stages.N.blocks.M} of {@link PreActBottleneck} (the first block of each stage projects, stride
 * 1/2/2/2), a final {@code norm} with ReLU, average pool, and {@code head.fc} as a 1x1 conv
 * (timm's ClassifierHead with {@code use_conv=True}). Parameter names are timm's.
 */
public final class ResNetV2 extends AbstractBlock {

    private static final int[] CHANNELS = {256, 512, 1024, 2048};

    private final Block stem;
    private final Block stages;
    private final Block norm;
    private final Block head;

    private ResNetV2(Builder b) {
        stem = addChildBlock("stem", new NamedSequential()
                .add("conv", Conv.noBias(b.stemWidth, 7, 2, 1, 1))
                .add("pool", Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1))));
        SequentialBlock s = new Sequential();
        for (int i = 0; i < 4; i++) {
            int out = CHANNELS[i] * b.basePlanes / 64;
            SequentialBlock blocks = new Sequential();
            for (int j = 0; j < b.layers[i]; j++) {
                // timm's ResNetStage gives the first block the stride and a projection, always
                blocks.add(new PreActBottleneck(out, j == 0 && i > 0 ? 2 : 1, j == 0));
            }
            s.add(new NamedSequential().add("blocks", blocks));
        }
        stages = addChildBlock("stages", s);
        norm = addChildBlock("norm", ConvNormAct.batchNorm());
        Block fc = Conv.of(b.numClasses, 1, 1, 0, 1, 1, true);
        head = addChildBlock("head", new NamedSequential()
                .add("global_pool", LambdaBlock.singleton(GlobalAveragePool::keepDims, "global_pool"))
                .add("drop", Dropout.builder().optRate(b.dropout).build())
                .add("fc", fc)
                .add("flatten", LambdaBlock.singleton(x -> x.reshape(x.getShape().get(0), -1), "flatten")));
        // timm's _init_weights (zero_init_last off, its default): convs kaiming-normal fan-out, the 1x1-conv
        // head.fc N(0, 0.01) like a linear, norms 1 and 0
        TorchvisionInit.apply(this, TorchvisionInit.LINEAR_NORMAL);
        fc.setInitializer(TorchvisionInit.LINEAR_NORMAL, Parameter.Type.WEIGHT);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList x = stages.forward(ps, stem.forward(ps, inputs, training), training);
        NDArray y = norm.forward(ps, x, training).head().clip(0, Float.MAX_VALUE);
        return head.forward(ps, new NDList(y), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        stem.initialize(manager, dataType, inputShapes);
        Shape[] s = stem.getOutputShapes(inputShapes);
        stages.initialize(manager, dataType, s);
        s = stages.getOutputShapes(s);
        norm.initialize(manager, dataType, s);
        head.initialize(manager, dataType, s);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return head.getOutputShapes(stages.getOutputShapes(stem.getOutputShapes(inputShapes)));
    }

    public static final class Builder extends ResNetBuilder<Builder> {
        public ResNetV2 build() {
            if (layers.length != 4) {
                throw new IllegalArgumentException("ResNetV2 takes 4 block counts, got " + layers.length);
            }
            checkClasses();
            return new ResNetV2(this);
        }
    }
}
