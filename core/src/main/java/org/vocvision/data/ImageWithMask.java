package org.vocvision.data;

/**
 * An image and its mask after a geometric transform, both of the same size.
 *
 * @param image the RGB pixels
 * @param mask the mask (0..20, 255 void), or {@code null} when the input had none
 */
public record ImageWithMask(RgbImage image, Mask mask) {

    public ImageWithMask {
        if (mask != null && (mask.height() != image.height() || mask.width() != image.width())) {
            throw new IllegalArgumentException("mask is " + mask.height() + "x" + mask.width()
                    + " but its image is " + image.height() + "x" + image.width());
        }
    }
}
