package org.vocvision.model;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import java.util.ArrayList;
import java.util.List;

/**
 * MobileNetV3-Large (Howard et al. 2019, "Searching for MobileNetV3", Table 1) as torchvision's
 * {@code mobilenetv3.py}: {@code features} (hardswish stem conv, 15 {@link InvertedResidualV3} bottlenecks,
 * a 1x1 conv to 6x the last width) and {@code classifier} (Linear to 1280, hardswish, dropout, Linear);
 * batch norm with eps 0.001 and momentum 0.01 throughout; 5,483,032 parameters with 1000 classes.
 *
 * <p>{@code dilated} is torchvision's {@code _mobilenet_v3_conf(dilated=True)}, the segmentation backbone:
 * the last stage (C4) keeps stride 1 with dilation 2, so features end at output stride 16.
 */
public final class MobileNetV3 extends PooledClassifier {

    /**
     * torchvision's {@code _mobilenet_v3_conf("mobilenet_v3_large")}: input, kernel, expanded, output
     * channels, squeeze-excitation (1/0), hardswish (1/0), stride; the last three rows form stage C4, the one
     * {@code dilated} dilates.
     */
    private static final int[][] LARGE = {
        {16, 3, 16, 16, 0, 0, 1}, {16, 3, 64, 24, 0, 0, 2}, {24, 3, 72, 24, 0, 0, 1},
        {24, 5, 72, 40, 1, 0, 2}, {40, 5, 120, 40, 1, 0, 1}, {40, 5, 120, 40, 1, 0, 1},
        {40, 3, 240, 80, 0, 1, 2}, {80, 3, 200, 80, 0, 1, 1}, {80, 3, 184, 80, 0, 1, 1},
        {80, 3, 184, 80, 0, 1, 1}, {80, 3, 480, 112, 1, 1, 1}, {112, 3, 672, 112, 1, 1, 1},
        {112, 5, 672, 160, 1, 1, 2}, {160, 5, 960, 160, 1, 1, 1}, {160, 5, 960, 160, 1, 1, 1}};
    private static final int DILATED_ROWS_START = 12;
    /** torchvision's {@code last_channel}, scaled by the width like every other width. */
    private static final int LAST_CHANNEL = 1280;

    private MobileNetV3(Builder b) {
        super(new Sequential().addAll(features(b.width, b.dilated).modules), new Sequential()
                .add(Linear.builder().setUnits(adjust(LAST_CHANNEL, b.width)).build())
                .add(HardSwish.block())
                .add(Dropout.builder().optRate(b.dropout).build())
                .add(Linear.builder().setUnits(b.numClasses).build()));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** torchvision's {@code InvertedResidualConfig.adjust_channels}. */
    static int adjust(int channels, float width) {
        return MobileNetV2.makeDivisible(channels * width, 8);
    }

    /** torchvision's {@code Conv2dNormActivation} with MobileNetV3's batch norm (eps 0.001, momentum 0.01). */
    static SequentialBlock convBn(int filters, int kernel, int stride, int dilation, int groups, Block activation) {
        SequentialBlock s = new Sequential()
                .add(Conv.noBias(filters, kernel, stride, dilation, groups))
                .add(ConvNormAct.batchNorm(1e-3f, 0.01f));
        return activation == null ? s : s.add(activation);
    }

    /**
     * The modules of {@code features} with the facts torchvision's segmentation builders read from them.
     *
     * @param strided indices of the stride-2 bottlenecks (torchvision's {@code _is_cn})
     * @param channels output channels of each module
     */
    record Features(List<Block> modules, List<Integer> strided, int[] channels) {

        /** {@code stage_indices}: 0, the strided blocks, the last module. */
        List<Integer> stageIndices() {
            List<Integer> s = new ArrayList<>();
            s.add(0);
            s.addAll(strided);
            s.add(modules.size() - 1);
            return s;
        }
    }

    static Features features(float width, boolean dilated) {
        List<Block> modules = new ArrayList<>();
        List<Integer> strided = new ArrayList<>();
        int[] channels = new int[LARGE.length + 2];
        int stem = adjust(LARGE[0][0], width);
        modules.add(convBn(stem, 3, 2, 1, 1, HardSwish.block()));
        channels[0] = stem;
        for (int i = 0; i < LARGE.length; i++) {
            int[] r = LARGE[i];
            int dilation = dilated && i >= DILATED_ROWS_START ? 2 : 1;
            if (r[6] > 1) {
                strided.add(modules.size());
            }
            int out = adjust(r[3], width);
            modules.add(new InvertedResidualV3(adjust(r[0], width), r[1], adjust(r[2], width), out, r[4] == 1,
                    r[5] == 1, r[6], dilation));
            channels[modules.size() - 1] = out;
        }
        int lastConv = 6 * channels[modules.size() - 1];
        modules.add(convBn(lastConv, 1, 1, 1, 1, HardSwish.block()));
        channels[modules.size() - 1] = lastConv;
        return new Features(modules, strided, channels);
    }

    public static final class Builder extends MobileNetBuilder<Builder> {
        private boolean dilated;

        Builder() {}

        /** torchvision's {@code dilated=True}: the last stage at stride 1, dilation 2 (output stride 16). */
        public Builder optDilated(boolean dilated) {
            this.dilated = dilated;
            return this;
        }

        public MobileNetV3 build() {
            checkWidthAndClasses();
            return new MobileNetV3(this);
        }
    }
}
