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
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * MobileNetV2 (Sandler et al. 2018) as torchvision's {@code mobilenetv2.py}: {@code features} (stem,
 * 17 inverted residuals, 1x1 conv to 1280) and {@code classifier} (dropout, linear); 3,504,872
 * parameters at width 1.0 with 1000 classes.
 *
 * <p>As a DeepLabV3+ encoder (VainF/DeepLabV3Plus-Pytorch {@code network/backbone/mobilenetv2.py}) the
 * final 1x1 conv is dropped, features[0:4] give the stride-4 low-level map (24 channels at width 1) and
 * features[4:] the high-level map; past the output stride a stage keeps stride 1, its first block keeps
 * the previous dilation and the others multiply it by the stage's stride.
 */
public final class MobileNetV2 extends AbstractBlock {

    /** expansion t, channels c, repeats n, stride s: the paper's Table 2. */
    private static final int[][] SETTING = {
        {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
    /** features[0:4] end at stride 4 (VainF's low_level_features). */
    private static final int LOW_LEVEL_END = 4;

    private final SequentialBlock features;
    private final Block classifier;

    private MobileNetV2(Builder b) {
        int input = makeDivisible(32 * b.width, 8);
        int last = makeDivisible(1280 * Math.max(1f, b.width), 8);
        SequentialBlock f = new Sequential().add(InvertedResidual.convBnRelu6(input, 3, 2, 1, 1));
        int stride = 2;
        int dilation = 1;
        for (int[] s : SETTING) {
            int out = makeDivisible(s[1] * b.width, 8);
            int previousDilation = dilation;
            int firstStride = s[3];
            if (stride == b.outputStride) {
                dilation *= s[3];
                firstStride = 1;
            } else {
                stride *= s[3];
            }
            for (int i = 0; i < s[2]; i++) {
                f.add(i == 0
                        ? new InvertedResidual(input, out, firstStride, previousDilation, s[0])
                        : new InvertedResidual(input, out, 1, dilation, s[0]));
                input = out;
            }
        }
        if (b.encoder) {
            classifier = null;
        } else {
            f.add(InvertedResidual.convBnRelu6(last, 1, 1, 1, 1));
            classifier = new Sequential()
                    .add(Dropout.builder().optRate(b.dropout).build())
                    .add(Linear.builder().setUnits(b.numClasses).build());
        }
        features = addChildBlock("features", f);
        if (classifier != null) {
            addChildBlock("classifier", classifier);
        }
    }

    /** torchvision's {@code _make_divisible}: round to a multiple of 8, never losing more than 10%. */
    static int makeDivisible(float v, int divisor) {
        int rounded = Math.max(divisor, (int) (v + divisor / 2f) / divisor * divisor);
        return rounded < 0.9f * v ? rounded + divisor : rounded;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        List<Block> blocks = features.getChildren().values();
        NDList x = inputs;
        NDArray low = null;
        for (int i = 0; i < blocks.size(); i++) {
            x = blocks.get(i).forward(ps, x, training);
            if (i == LOW_LEVEL_END - 1) {
                low = x.head();
            }
        }
        if (classifier == null) {
            return new NDList(low, x.head());
        }
        NDArray pooled = GlobalAveragePool.keepDims(x.head());
        return classifier.forward(ps, new NDList(pooled.reshape(pooled.getShape().get(0), -1)), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        features.initialize(manager, dataType, inputShapes);
        if (classifier != null) {
            Shape f = features.getOutputShapes(inputShapes)[0];
            classifier.initialize(manager, dataType, new Shape(f.get(0), f.get(1)));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        if (classifier != null) {
            Shape f = features.getOutputShapes(inputShapes)[0];
            return classifier.getOutputShapes(new Shape[] {new Shape(f.get(0), f.get(1))});
        }
        List<Block> blocks = features.getChildren().values();
        Shape[] x = inputShapes;
        Shape low = null;
        for (int i = 0; i < blocks.size(); i++) {
            x = blocks.get(i).getOutputShapes(x);
            if (i == LOW_LEVEL_END - 1) {
                low = x[0];
            }
        }
        return new Shape[] {low, x[0]};
    }

    public static final class Builder extends ClassifierBuilder<Builder> {
        private float width = 1f;
        private boolean encoder;
        private int outputStride = 32;

        Builder() {
            super(0.2f);
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** torchvision's {@code width_mult}. */
        public Builder optWidth(float width) {
            this.width = width;
            return this;
        }

        /** A DeepLabV3+ encoder at output stride 8 or 16, returning (low-level, high-level) features. */
        public Builder optEncoder(int outputStride) {
            this.encoder = true;
            this.outputStride = outputStride;
            return this;
        }

        public MobileNetV2 build() {
            if (!(width > 0)) {
                throw new IllegalArgumentException("width must be positive, got " + width);
            }
            checkClasses();
            if (encoder && outputStride != 8 && outputStride != 16) {
                throw new IllegalArgumentException("outputStride must be 8 or 16, got " + outputStride);
            }
            return new MobileNetV2(this);
        }
    }
}
