package org.vocvision.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * DeepLabV3+ (Chen et al. 2018, "Encoder-Decoder with Atrous Separable Convolution"): an encoder whose
 * high-level features go through {@link Aspp}, a decoder that upsamples them bilinearly to the stride-4
 * low-level features (reduced to 48 channels), two 3x3 convs of 256 and a 1x1 classifier, then bilinear
 * upsampling to the input size. The layout follows the paper's Fig. 2 and VainF/DeepLabV3Plus-Pytorch.
 *
 * <p>The encoder is any block whose forward returns two arrays: the stride-4 low-level features and the
 * high-level features at the output stride (8 or 16); {@link #encoder(ResNet)} and {@link #encoder(MobileNetV2)}
 * tap a backbone built at that output stride.
 */
public final class DeepLabV3Plus extends AbstractBlock {

    /** Channels of the reduced low-level features (paper, Sec. 4.1: 48 works best). */
    static final int LOW_LEVEL_CHANNELS = 48;
    static final int CHANNELS = 256;

    private final Block encoder;
    private final Block aspp;
    private final Block lowLevelProject;
    private final Block decoder;

    private DeepLabV3Plus(Builder builder) {
        encoder = addChildBlock("backbone", builder.encoder);
        int[] rates = builder.outputStride == 16 ? new int[] {6, 12, 18} : new int[] {12, 24, 36};
        aspp = addChildBlock("aspp", new Aspp(CHANNELS, rates));
        lowLevelProject = addChildBlock("project", ConvNormAct.relu(LOW_LEVEL_CHANNELS, 1, 1));
        decoder = addChildBlock("classifier", new Sequential()
                .add(ConvNormAct.relu(CHANNELS, 3, 1))
                .add(ConvNormAct.relu(CHANNELS, 3, 1))
                .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(builder.numClasses).build()));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The encoder on a ResNet: layer1 (stride 4) and layer4 (VainF's {@code low_level} and {@code out}). */
    static Block encoder(ResNet backbone) {
        return new IntermediateLayers(backbone, "layer1", "layer4");
    }

    /**
     * The encoder on a MobileNetV2: features.3 (stride 4, VainF's {@code low_level_features}) and features.17,
     * the last inverted residual; VainF leaves out the final 1x1 conv to 1280 channels.
     */
    static Block encoder(MobileNetV2 backbone) {
        return new IntermediateLayers(backbone, "features.3", "features.17");
    }

    /** The encoder (backbone) block, e.g. to freeze it or load ImageNet weights into it. */
    public Block encoder() {
        return encoder;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDList features = encoder.forward(ps, new NDList(x), training);
        NDArray low = features.get(0);
        NDArray high = aspp.forward(ps, new NDList(features.get(1)), training).head();
        NDArray upsampled = Interpolation.bilinear(high, low.getShape().get(2), low.getShape().get(3));
        NDArray reduced = lowLevelProject.forward(ps, new NDList(low), training).head();
        NDArray logits = decoder.forward(ps, new NDList(NDArrays.concat(new NDList(upsampled, reduced), 1)), training).head();
        return new NDList(Interpolation.bilinear(logits, x.getShape().get(2), x.getShape().get(3)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
        Shape[] features = encoder.getOutputShapes(inputShapes);
        Shape low = features[0];
        aspp.initialize(manager, dataType, features[1]);
        lowLevelProject.initialize(manager, dataType, low);
        decoder.initialize(manager, dataType,
                new Shape(low.get(0), CHANNELS + LOW_LEVEL_CHANNELS, low.get(2), low.get(3)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        Shape low = encoder.getOutputShapes(inputShapes)[0];
        Shape logits = decoder.getOutputShapes(
                new Shape[] {new Shape(low.get(0), CHANNELS + LOW_LEVEL_CHANNELS, low.get(2), low.get(3))})[0];
        return new Shape[] {new Shape(x.get(0), logits.get(1), x.get(2), x.get(3))};
    }

    /** Builds a DeepLabV3+; set the encoder and the number of classes, optionally the output stride. */
    public static final class Builder extends ModelBuilder<Builder> {
        private Block encoder;
        private int outputStride = 16;

        Builder() {
            super(21);
        }

        /** The encoder, returning (stride-4 features, features at the output stride). */
        public Builder setEncoder(Block encoder) {
            this.encoder = encoder;
            return this;
        }

        /** 16 (ASPP rates 6/12/18) or 8 (12/24/36); the encoder must be built for the same stride. */
        public Builder optOutputStride(int outputStride) {
            this.outputStride = outputStride;
            return this;
        }

        public DeepLabV3Plus build() {
            if (encoder == null) {
                throw new IllegalArgumentException("DeepLabV3+ needs an encoder");
            }
            if (outputStride != 8 && outputStride != 16) {
                throw new IllegalArgumentException("outputStride must be 8 or 16, got " + outputStride);
            }
            checkClasses();
            return new DeepLabV3Plus(this);
        }
    }
}
