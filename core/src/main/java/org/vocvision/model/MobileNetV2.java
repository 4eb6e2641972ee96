package org.vocvision.model;

import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;

/**
 * MobileNetV2 (Sandler et al. 2018) as torchvision's {@code mobilenetv2.py}: {@code features} (stem,
 * 17 inverted residuals, 1x1 conv to 1280) and {@code classifier} (dropout, linear); 3,504,872
 * parameters at width 1.0 with 1000 classes.
 *
 * <p>{@link Builder#optOutputStride} dilates the last stages for DeepLabV3+ (VainF/DeepLabV3Plus-Pytorch's
 * {@code network/backbone/mobilenetv2.py}, through {@link Dilation}); its encoder taps features.3 (stride 4)
 * and features.17 with {@link IntermediateLayers}, leaving out the final 1x1 conv as VainF does.
 */
public final class MobileNetV2 extends PooledClassifier {

    /** expansion t, channels c, repeats n, stride s: the paper's Table 2. */
    private static final int[][] SETTING = {
        {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};

    private MobileNetV2(Builder b) {
        super(features(b), new Sequential()
                .add(Dropout.builder().optRate(b.dropout).build())
                .add(Linear.builder().setUnits(b.numClasses).build()));
    }

    /** The stem, the inverted residuals of {@link #SETTING} (dilated past the output stride) and the last 1x1 conv. */
    private static SequentialBlock features(Builder b) {
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
        return f.add(InvertedResidual.convBnRelu6(last, 1, 1, 1, 1));
    }

    /** torchvision's {@code _make_divisible}: round to a multiple of 8, never losing more than 10%. */
    static int makeDivisible(float v, int divisor) {
        int rounded = Math.max(divisor, (int) (v + divisor / 2f) / divisor * divisor);
        return rounded < 0.9f * v ? rounded + divisor : rounded;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends MobileNetBuilder<Builder> {
        private int outputStride = 32;

        Builder() {}

        /** 32 (default), or 16 / 8: the last stride-2 stage(s) keep stride 1 and dilate instead. */
        public Builder optOutputStride(int outputStride) {
            this.outputStride = outputStride;
            return this;
        }

        public MobileNetV2 build() {
            checkWidthAndClasses();
            Dilation.check(outputStride);
            return new MobileNetV2(this);
        }
    }
}
