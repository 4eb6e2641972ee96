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

/**
 * MobileNetV2 (Sandler et al. 2018) as torchvision's {@code mobilenetv2.py}: {@code features} (stem,
 * 17 inverted residuals, 1x1 conv to 1280) and {@code classifier} (dropout, linear); 3,504,872
 * parameters at width 1.0 with 1000 classes.
 *
 * <p>{@link Builder#optOutputStride} dilates the last stages for DeepLabV3+ (VainF/DeepLabV3Plus-Pytorch's
 * {@code network/backbone/mobilenetv2.py}, through {@link Dilation}); its encoder taps features.3 (stride 4)
 * and features.17 with {@link IntermediateLayers}, leaving out the final 1x1 conv as VainF does.
 */
public final class MobileNetV2 extends AbstractBlock {

    /** expansion t, channels c, repeats n, stride s: the paper's Table 2. */
    private static final int[][] SETTING = {
        {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};

    private final SequentialBlock features;
    private final Block classifier;

    private MobileNetV2(Builder b) {
        int input = makeDivisible(32 * b.width, 8);
        int last = makeDivisible(1280 * Math.max(1f, b.width), 8);
        SequentialBlock f = new Sequential().add(InvertedResidual.convBnRelu6(input, 3, 2, 1, 1));
        Dilation dilation = new Dilation(2, b.outputStride);
        for (int[] s : SETTING) {
            int out = makeDivisible(s[1] * b.width, 8);
            Dilation.Stage stage = dilation.next(s[3]);
            for (int i = 0; i < s[2]; i++) {
                f.add(i == 0
                        ? new InvertedResidual(input, out, stage.stride(), stage.firstDilation(), s[0])
                        : new InvertedResidual(input, out, 1, stage.dilation(), s[0]));
                input = out;
            }
        }
        f.add(InvertedResidual.convBnRelu6(last, 1, 1, 1, 1));
        features = addChildBlock("features", f);
        classifier = addChildBlock("classifier", new Sequential()
                .add(Dropout.builder().optRate(b.dropout).build())
                .add(Linear.builder().setUnits(b.numClasses).build()));
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
        NDArray pooled = GlobalAveragePool.keepDims(features.forward(ps, inputs, training).head());
        return classifier.forward(ps, new NDList(pooled.reshape(pooled.getShape().get(0), -1)), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        features.initialize(manager, dataType, inputShapes);
        Shape f = features.getOutputShapes(inputShapes)[0];
        classifier.initialize(manager, dataType, new Shape(f.get(0), f.get(1)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape f = features.getOutputShapes(inputShapes)[0];
        return classifier.getOutputShapes(new Shape[] {new Shape(f.get(0), f.get(1))});
    }

    public static final class Builder extends ClassifierBuilder<Builder> {
        private float width = 1f;
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

        /** 32 (default), or 16 / 8: the last stride-2 stage(s) keep stride 1 and dilate instead. */
        public Builder optOutputStride(int outputStride) {
            this.outputStride = outputStride;
            return this;
        }

        public MobileNetV2 build() {
            if (!(width > 0)) {
                throw new IllegalArgumentException("width must be positive, got " + width);
            }
            checkClasses();
            Dilation.check(outputStride);
            return new MobileNetV2(this);
        }
    }
}
