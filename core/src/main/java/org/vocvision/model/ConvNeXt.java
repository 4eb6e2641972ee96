package org.vocvision.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * ConvNeXt (Liu et al. 2022, "A ConvNet for the 2020s") as torchvision's {@code convnext.py}, with its
 * state_dict names: {@code features.0} = 4x4/4 conv + {@link LayerNorm2d} (the "patchify" stem); stages
 * {@code features.1/3/5/7} of {@link CNBlock}s; downsamples {@code features.2/4/6} = LayerNorm2d + 2x2/2
 * conv; global average pool; {@code classifier} = LayerNorm2d, flatten, Linear. All layer norms use eps
 * 1e-6. ConvNeXt-T (channels 96/192/384/768, depths 3/3/9/3) has 28,589,128 parameters with 1000 classes,
 * ConvNeXt-S (depths 3/3/27/3) 50,223,688.
 *
 * <p>Stochastic depth grows linearly with the block's index over the whole network, as torchvision:
 * {@code p * block_id / (total_blocks - 1)}, so the first block never drops and the last drops with p.
 * An optional dropout before {@code classifier.2} (0, torchvision has none) is the only addition.
 */
public final class ConvNeXt extends AbstractBlock {

    /** ConvNeXt-T's blocks per stage (the paper's Section 3; torchvision's {@code convnext_tiny}). */
    public static final int[] TINY = {3, 3, 9, 3};
    /** ConvNeXt-S's blocks per stage (torchvision's {@code convnext_small}). */
    public static final int[] SMALL = {3, 3, 27, 3};
    /** Channels of stages 1-4 of ConvNeXt-T and -S. */
    public static final int[] CHANNELS = {96, 192, 384, 768};
    /** features[6] (the last downsample) and features[7] (the last stage): what unfreezes first. */
    private static final int LAST_STAGE_START = 6;

    private final SequentialBlock features;
    private final SequentialBlock classifier;
    private final Block dropout;

    private ConvNeXt(Builder b) {
        int[] channels = new int[4];
        for (int i = 0; i < 4; i++) {
            channels[i] = Math.max(1, Math.round(b.channels[i] * b.width));
        }
        float eps = CNBlock.LAYER_NORM_EPS;
        SequentialBlock f = new Sequential()
                .add(new Sequential().add(Conv.of(channels[0], 4, 4, 0, 1, 1, true)).add(new LayerNorm2d(eps)));
        int total = 0;
        for (int d : b.depths) {
            total += d;
        }
        int blockId = 0;
        for (int s = 0; s < 4; s++) {
            SequentialBlock stage = new Sequential();
            for (int j = 0; j < b.depths[s]; j++) {
                // torchvision: sd_prob = stochastic_depth_prob * stage_block_id / (total_stage_blocks - 1.0)
                double p = total > 1 ? b.dropPath * (double) blockId / (total - 1.0) : 0.0;
                stage.add(new CNBlock(channels[s], b.layerScale, (float) p));
                blockId++;
            }
            f.add(stage);
            if (s < 3) {
                f.add(new Sequential().add(new LayerNorm2d(eps)).add(Conv.of(channels[s + 1], 2, 2, 0, 1, 1, true)));
            }
        }
        features = addChildBlock("features", f);
        dropout = addChildBlock("dropout", Dropout.builder().optRate(b.dropout).build());
        classifier = addChildBlock("classifier", new Sequential()
                .add(new LayerNorm2d(eps))
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(b.numClasses).build()));
        // torchvision: trunc_normal_(std=0.02) on conv and linear weights, cut at +-2 absolute (100 sigma), so a
        // plain normal; DJL's TruncatedNormalInitializer cuts at 2 sigma, a different distribution. Biases are zero.
        setInitializer(new NormalInitializer(0.02f), Parameter.Type.WEIGHT);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList x = features.forward(ps, inputs, training);
        NDArray pooled = GlobalAveragePool.keepDims(x.head());
        List<Block> head = classifier.getChildren().values();
        NDList y = head.get(0).forward(ps, new NDList(pooled), training);
        y = head.get(1).forward(ps, y, training);
        y = dropout.forward(ps, y, training);
        return head.get(2).forward(ps, y, training);
    }

    /** The drop probabilities of the blocks' residual branches, in forward order. */
    List<Float> stochasticDepthProbabilities() {
        List<Float> out = new ArrayList<>();
        List<Block> f = features.getChildren().values();
        for (int s = 1; s < f.size(); s += 2) {
            for (Block block : f.get(s).getChildren().values()) {
                out.add(((CNBlock) block).stochasticDepthProbability());
            }
        }
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        features.initialize(manager, dataType, inputShapes);
        Shape f = features.getOutputShapes(inputShapes)[0];
        classifier.initialize(manager, dataType, new Shape(f.get(0), f.get(1), 1, 1));
        dropout.initialize(manager, dataType, new Shape(f.get(0), f.get(1)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape f = features.getOutputShapes(inputShapes)[0];
        return classifier.getOutputShapes(new Shape[] {new Shape(f.get(0), f.get(1), 1, 1)});
    }

    public static final class Builder extends ClassifierBuilder<Builder> {
        private int[] channels = CHANNELS;
        private int[] depths = TINY;
        private float width = 1f;
        private float dropPath;
        private float layerScale = CNBlock.LAYER_SCALE_INIT;

        Builder() {
            super(0f);
        }

        /** Blocks per stage: {@link #TINY} (the default) or {@link #SMALL}, or a reduced test configuration. */
        public Builder optDepths(int... depths) {
            this.depths = depths.clone();
            return this;
        }

        /** Channels of the four stages (96/192/384/768 for T and S). */
        public Builder optChannels(int... channels) {
            this.channels = channels.clone();
            return this;
        }

        /** Multiplies every stage's channels (1 is torchvision's); for reduced models, not in the paper. */
        public Builder optWidth(float width) {
            this.width = width;
            return this;
        }

        /**
         * torchvision's {@code stochastic_depth_prob}: the last block's drop probability, the others' growing
         * linearly to it (0 in the class, 0.1 in {@code convnext_tiny}, 0.4 in {@code convnext_small}).
         */
        public Builder optDropPath(float dropPath) {
            this.dropPath = dropPath;
            return this;
        }

        /** Initial value of every block's {@code layer_scale} (torchvision: 1e-6). */
        public Builder optLayerScale(float layerScale) {
            this.layerScale = layerScale;
            return this;
        }

        public ConvNeXt build() {
            if (depths.length != 4 || channels.length != 4) {
                throw new IllegalArgumentException("ConvNeXt takes 4 stage depths and 4 channel counts, got "
                        + depths.length + " and " + channels.length);
            }
            for (int i = 0; i < 4; i++) {
                if (depths[i] < 1 || channels[i] < 1) {
                    throw new IllegalArgumentException("stage " + (i + 1) + " needs at least one block and one channel,"
                            + " got depth " + depths[i] + ", channels " + channels[i]);
                }
            }
            if (!(width > 0)) {
                throw new IllegalArgumentException("width must be positive, got " + width);
            }
            checkClasses();
            if (!(dropPath >= 0 && dropPath < 1)) {
                throw new IllegalArgumentException("dropPath must be in [0, 1), got " + dropPath);
            }
            if (!(dropout >= 0 && dropout < 1)) {
                throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
            }
            return new ConvNeXt(this);
        }
    }
}
