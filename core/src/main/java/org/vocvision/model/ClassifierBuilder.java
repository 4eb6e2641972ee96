package org.vocvision.model;

/**
 * What every classifier's builder sets: the class count and the dropout before the last layer (DJL's
 * {@code BaseBuilder} pattern: {@code self()} keeps the subclass's type through the chain, so a concrete
 * builder declares itself as {@code T} and nothing more).
 *
 * @param <T> the concrete builder
 */
public abstract class ClassifierBuilder<T extends ClassifierBuilder<T>> {

    protected int numClasses = 1000;
    protected float dropout;

    /** @param dropout the architecture's own dropout (torchvision's default for it) */
    protected ClassifierBuilder(float dropout) {
        this.dropout = dropout;
    }

    /** Outputs of the last layer (1000: ImageNet). */
    public T optNumClasses(int numClasses) {
        this.numClasses = numClasses;
        return self();
    }

    /** Dropout before the last layer. */
    public T optDropout(float dropout) {
        this.dropout = dropout;
        return self();
    }

    /** This builder as its concrete type: T is always the class itself (the pattern's one unchecked cast). */
    @SuppressWarnings("unchecked")
    protected T self() {
        return (T) this;
    }

    /** Refuses a class count below one: call first in {@code build()}. */
    protected void checkClasses() {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be positive, got " + numClasses);
        }
    }
}
