package org.vocvision.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * ResNet with {@link Bottleneck} blocks (He et al. 2016; v1.5, stride on the 3x3 conv) as torchvision's
 * {@code resnet.py}: {@code conv1, bn1, relu, maxpool} (3x3/2), {@code layer1..layer4}, average pool,
 * {@code fc}. ResNet-50 (layers 3, 4, 6, 3) has 25,557,032 parameters with 1000 classes.
 *
 * <p>The children up to layer4 run in order, so {@link IntermediateLayers} taps them for the segmentation
 * models; {@link Builder#optOutputStride} dilates layer3/layer4 for those ({@link Dilation}).
 */
public final class ResNet extends AbstractBlock {

    /** ResNet-50's blocks per layer. */
    public static final int[] RESNET50 = {3, 4, 6, 3};
    /** ResNet-101's blocks per layer: 44,549,160 parameters with 1000 classes. */
    public static final int[] RESNET101 = {3, 4, 23, 3};

    private final Block conv1;
    private final Block bn1;
    private final Block relu;
    private final Block maxPool;
    private final Block[] layers = new Block[4];
    private final Block dropout;
    private final Block fc;

    private ResNet(Builder b) {
        conv1 = addChildBlock("conv1", Conv.noBias(b.stemWidth, 7, 2, 1, 1));
        bn1 = addChildBlock("bn1", ConvNormAct.batchNorm());
        // parameterless, yet children as in torchvision, so that running the children in order is the forward
        relu = addChildBlock("relu", LambdaBlock.singleton(x -> x.clip(0, Float.MAX_VALUE), "relu"));
        maxPool = addChildBlock("maxpool", Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1)));
        Dilation dilation = new Dilation(4, b.outputStride);
        int inplanes = b.stemWidth;
        for (int i = 0; i < 4; i++) {
            int planes = b.basePlanes << i;
            Dilation.Stage stage = dilation.next(i == 0 ? 1 : 2);
            int width = planes * b.widthPerGroup / 64;
            SequentialBlock layer = new Sequential();
            boolean project = stage.stride() != 1 || inplanes != planes * Bottleneck.EXPANSION;
            layer.add(new Bottleneck(width, planes, stage.stride(), stage.firstDilation(), project));
            inplanes = planes * Bottleneck.EXPANSION;
            for (int j = 1; j < b.layers[i]; j++) {
                layer.add(new Bottleneck(width, planes, 1, stage.dilation(), false));
            }
            layers[i] = addChildBlock("layer" + (i + 1), layer);
        }
        dropout = addChildBlock("dropout", Dropout.builder().optRate(b.dropout).build());
        fc = addChildBlock("fc", Linear.builder().setUnits(b.numClasses).build());
        TorchvisionInit.apply(this, TorchvisionInit.LINEAR_TORCH_DEFAULT); // resnet.py
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList y = inputs;
        for (Block stage : new Block[] {conv1, bn1, relu, maxPool}) {
            y = stage.forward(ps, y, training);
        }
        for (Block layer : layers) {
            y = layer.forward(ps, y, training);
        }
        NDArray pooled = GlobalAveragePool.keepDims(y.head());
        pooled = pooled.reshape(pooled.getShape().get(0), -1);
        return fc.forward(ps, dropout.forward(ps, new NDList(pooled), training), training);
    }

    private Shape[] stemShapes(Shape[] inputShapes) {
        return maxPool.getOutputShapes(conv1.getOutputShapes(inputShapes));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        conv1.initialize(manager, dataType, inputShapes);
        bn1.initialize(manager, dataType, conv1.getOutputShapes(inputShapes));
        Shape[] s = stemShapes(inputShapes);
        for (Block layer : layers) {
            layer.initialize(manager, dataType, s);
            s = layer.getOutputShapes(s);
        }
        Shape pooled = new Shape(s[0].get(0), s[0].get(1));
        dropout.initialize(manager, dataType, pooled);
        fc.initialize(manager, dataType, pooled);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] s = stemShapes(inputShapes);
        for (Block layer : layers) {
            s = layer.getOutputShapes(s);
        }
        return fc.getOutputShapes(new Shape[] {new Shape(s[0].get(0), s[0].get(1))});
    }

    public static final class Builder extends ResNetBuilder<Builder> {
        private int widthPerGroup = 64;
        private int outputStride = 32;

        /** torchvision's {@code width_per_group} (64; 128 makes wide_resnet50_2). */
        public Builder optWidthPerGroup(int widthPerGroup) {
            this.widthPerGroup = widthPerGroup;
            return this;
        }

        /**
         * 32 (default), or 16 / 8 for the segmentation backbones: torchvision's
         * {@code replace_stride_with_dilation} {@code [False, False, True]} / {@code [False, True, True]}.
         */
        public Builder optOutputStride(int outputStride) {
            this.outputStride = outputStride;
            return this;
        }

        public ResNet build() {
            if (layers.length != 4) {
                throw new IllegalArgumentException("ResNet takes 4 layer counts, got " + layers.length);
            }
            checkClasses();
            Dilation.check(outputStride);
            return new ResNet(this);
        }
    }
}
