package org.vocvision.model;

/**
 * What the builders of both MobileNets ({@link MobileNetV2}, {@link MobileNetV3}) add to every classifier's:
 * torchvision's width multiplier, and their dropout of 0.2.
 *
 * @param <T> the concrete builder
 */
public abstract class MobileNetBuilder<T extends MobileNetBuilder<T>> extends ClassifierBuilder<T> {

    protected float width = 1f;

    protected MobileNetBuilder() {
        super(0.2f);
    }

    /** torchvision's {@code width_mult}. */
    public T optWidth(float width) {
        this.width = width;
        return self();
    }

    /** Refuses a width or a class count that is not positive: call first in {@code build()}. */
    protected void checkWidthAndClasses() {
        if (!(width > 0)) {
            throw new IllegalArgumentException("width must be positive, got " + width);
        }
        checkClasses();
    }
}
