package org.vocvision.model;

/**
 * What every classifier's builder sets besides the class count (1000: ImageNet): the dropout before the last
 * layer.
 *
 * @param <T> the concrete builder
 */
public abstract class ClassifierBuilder<T extends ClassifierBuilder<T>> extends ModelBuilder<T> {

    protected float dropout;

    /** @param dropout the architecture's own dropout (torchvision's default for it) */
    protected ClassifierBuilder(float dropout) {
        super(1000);
        this.dropout = dropout;
    }

    /** Dropout before the last layer. */
    public T optDropout(float dropout) {
        this.dropout = dropout;
        return self();
    }
}
