package org.vocvision.model;

/**
 * What the builders of the {@link PlainNet} layout (AlexNet, VGG) add to every classifier's: the width of
 * the standard classifier's two hidden layers, batch norm after every conv, and the head kind.
 *
 * @param <T> the concrete builder
 */
public abstract class PlainNetBuilder<T extends PlainNetBuilder<T>> extends ClassifierBuilder<T> {

    protected int hidden = 4096;
    protected boolean batchNorm;
    protected HeadKind head = HeadKind.STANDARD;

    protected PlainNetBuilder(float dropout) {
        super(dropout);
    }

    /** Width of the standard classifier's two hidden layers (4096). */
    public T optHidden(int hidden) {
        this.hidden = hidden;
        return self();
    }

    /** Batch norm between every conv and its ReLU (torchvision's {@code vgg16_bn}; AlexNet has no such weights). */
    public T optBatchNorm(boolean batchNorm) {
        this.batchNorm = batchNorm;
        return self();
    }

    /** The classification head; {@link HeadKind#STANDARD} is torchvision's. */
    public T optHead(HeadKind head) {
        this.head = head;
        return self();
    }
}
