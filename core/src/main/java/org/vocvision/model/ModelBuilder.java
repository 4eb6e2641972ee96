package org.vocvision.model;

/**
 * What every model's builder sets: the class count (DJL's {@code BaseBuilder} pattern: {@code self()} keeps
 * the subclass's type through the chain, so a concrete builder declares itself as {@code T} and nothing more).
 *
 * @param <T> the concrete builder
 */
public abstract class ModelBuilder<T extends ModelBuilder<T>> {

    protected int numClasses;

    /** @param numClasses the model's own default class count (1000 ImageNet classes, 21 VOC ones) */
    protected ModelBuilder(int numClasses) {
        this.numClasses = numClasses;
    }

    /** Outputs of the last layer, one per class. */
    public T optNumClasses(int numClasses) {
        this.numClasses = numClasses;
        return self();
    }

    /** This builder as its concrete type: T is always the class itself (the pattern's one unchecked cast). */
    @SuppressWarnings("unchecked")
    protected T self() {
        return (T) this;
    }

    /** Refuses a class count below one: call in {@code build()}. */
    protected void checkClasses() {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be positive, got " + numClasses);
        }
    }
}
