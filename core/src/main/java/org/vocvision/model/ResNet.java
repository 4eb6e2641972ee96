package org.vocvision.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * ResNet with {@link Bottleneck} blocks (He et al. 2016; v1.5, stride on the 3x3 conv) as torchvision's
 * {@code resnet.py}: {@code conv1, bn1}, ReLU, 3x3/2 max pool, {@code layer1..layer4}, average pool,
 * {@code fc}. ResNet-50 (layers 3, 4, 6, 3) has 25,557,032 parameters with 1000 classes.
 *
 * <p>As a DeepLabV3+ encoder it follows torchvision's {@code replace_stride_with_dilation}: output
 * stride 16 dilates layer4, 8 dilates layer3 and layer4 (torchvision's segmentation backbones:
 * {@code replace_stride_with_dilation=[False, True, True]}); the first block of a dilated layer has stride 1
 * and the previous dilation. It returns layer1's output (stride 4) and layer4's, or the layers
 * {@link Builder#optTaps} names (torchvision's segmentation models read layer4 and layer3).
 */
public final class ResNet extends AbstractBlock {

    /** ResNet-50's blocks per layer. */
    public static final int[] RESNET50 = {3, 4, 6, 3};
    /** ResNet-101's blocks per layer: 44,549,160 parameters with 1000 classes. */
    public static final int[] RESNET101 = {3, 4, 23, 3};

    private final Block conv1;
    private final Block bn1;
    private final Block maxPool = Pool.maxPool2dBlock(new Shape(3, 3), new Shape(2, 2), new Shape(1, 1));
    private final Block[] layers = new Block[4];
    private final Block dropout;
    private final Block fc;
    private final int[] taps;

    private ResNet(Builder b) {
        taps = b.taps.clone();
        conv1 = addChildBlock("conv1", Conv.noBias(b.stemWidth, 7, 2, 1, 1));
        bn1 = addChildBlock("bn1", ConvNormAct.batchNorm());
        boolean[] dilate = {false, b.outputStride == 8, b.outputStride <= 16};
        int inplanes = b.stemWidth;
        int dilation = 1;
        for (int i = 0; i < 4; i++) {
            int planes = b.basePlanes << i;
            int stride = i == 0 ? 1 : 2;
            int previousDilation = dilation;
            if (i > 0 && dilate[i - 1]) {
                dilation *= stride;
                stride = 1;
            }
            int width = planes * b.widthPerGroup / 64;
            SequentialBlock layer = new Sequential();
            boolean project = stride != 1 || inplanes != planes * Bottleneck.EXPANSION;
            layer.add(new Bottleneck(width, planes, stride, previousDilation, project));
            inplanes = planes * Bottleneck.EXPANSION;
            for (int j = 1; j < b.layers[i]; j++) {
                layer.add(new Bottleneck(width, planes, 1, dilation, false));
            }
            layers[i] = addChildBlock("layer" + (i + 1), layer);
        }
        if (b.encoder) {
            dropout = null;
            fc = null;
        } else {
            dropout = addChildBlock("dropout", Dropout.builder().optRate(b.dropout).build());
            fc = addChildBlock("fc", Linear.builder().setUnits(b.numClasses).build());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = conv1.forward(ps, inputs, training).head();
        x = bn1.forward(ps, new NDList(x), training).head().clip(0, Float.MAX_VALUE);
        NDList y = maxPool.forward(ps, new NDList(x), training);
        NDArray[] outs = new NDArray[4];
        for (int i = 0; i < 4; i++) {
            y = layers[i].forward(ps, y, training);
            outs[i] = y.head();
        }
        if (fc == null) {
            NDList features = new NDList(taps.length);
            for (int t : taps) {
                features.add(outs[t - 1]);
            }
            return features;
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
        if (fc != null) {
            Shape pooled = new Shape(s[0].get(0), s[0].get(1));
            dropout.initialize(manager, dataType, pooled);
            fc.initialize(manager, dataType, pooled);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] s = stemShapes(inputShapes);
        Shape[] outs = new Shape[4];
        for (int i = 0; i < 4; i++) {
            s = layers[i].getOutputShapes(s);
            outs[i] = s[0];
        }
        if (fc == null) {
            Shape[] features = new Shape[taps.length];
            for (int i = 0; i < taps.length; i++) {
                features[i] = outs[taps[i] - 1];
            }
            return features;
        }
        return fc.getOutputShapes(new Shape[] {new Shape(s[0].get(0), s[0].get(1))});
    }

    public static final class Builder extends ResNetBuilder<Builder> {
        private int widthPerGroup = 64;
        private boolean encoder;
        private int outputStride = 32;
        private int[] taps = {1, 4};

        @Override
        protected Builder self() {
            return this;
        }

        /** torchvision's {@code width_per_group} (64; 128 makes wide_resnet50_2). */
        public Builder optWidthPerGroup(int widthPerGroup) {
            this.widthPerGroup = widthPerGroup;
            return this;
        }

        /** A DeepLabV3+ encoder at output stride 8 or 16, returning (layer1, layer4) features. */
        public Builder optEncoder(int outputStride) {
            this.encoder = true;
            this.outputStride = outputStride;
            return this;
        }

        /**
         * Which layers' outputs (1 to 4) the encoder returns, in this order: {1, 4} (default) for DeepLabV3+,
         * {4, 3} for torchvision's DeepLabV3 and FCN ({@code return_layers} "out" and "aux").
         */
        public Builder optTaps(int... taps) {
            this.taps = taps.clone();
            return this;
        }

        public ResNet build() {
            for (int t : taps) {
                if (t < 1 || t > 4) {
                    throw new IllegalArgumentException("taps name layers 1 to 4, got " + t);
                }
            }
            if (layers.length != 4) {
                throw new IllegalArgumentException("ResNet takes 4 layer counts, got " + layers.length);
            }
            checkClasses();
            if (encoder && outputStride != 8 && outputStride != 16) {
                throw new IllegalArgumentException("outputStride must be 8 or 16, got " + outputStride);
            }
            return new ResNet(this);
        }
    }
}
