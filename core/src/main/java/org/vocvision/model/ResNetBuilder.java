package org.vocvision.model;

/**
 * What the builders of both ResNet layouts (torchvision's {@link ResNet}, timm's pre-activation
 * {@link ResNetV2}) add to every classifier's: blocks per stage and the stem and stage widths, the last two
 * for reduced test models.
 *
 * @param <T> the concrete builder
 */
public abstract class ResNetBuilder<T extends ResNetBuilder<T>> extends ClassifierBuilder<T> {

    protected int[] layers = ResNet.RESNET50;
    protected int stemWidth = 64;
    protected int basePlanes = 64;

    protected ResNetBuilder() {
        super(0f);
    }

    /** Blocks per stage; {3, 4, 6, 3} is ResNet-50. */
    public T optLayers(int... layers) {
        this.layers = layers.clone();
        return self();
    }

    /** Channels of the stem's conv (64); for reduced test models. */
    public T optStemWidth(int stemWidth) {
        this.stemWidth = stemWidth;
        return self();
    }

    /** The first stage's planes, doubled per stage (64 in torchvision and timm); for reduced test models. */
    public T optBasePlanes(int basePlanes) {
        this.basePlanes = basePlanes;
        return self();
    }

}
