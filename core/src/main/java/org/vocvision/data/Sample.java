package org.vocvision.data;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * One labelled (or test) image.
 *
 * @param id the image's identifier in its data set ("2009_000012", or "17" in the competition layout)
 * @param image the RGB pixels
 * @param labels the 20 class labels in {@link VocClasses} order
 * @param mask the segmentation mask, or {@code null} when the image has none
 * @param source where the image came from (its file), for error messages and provenance
 */
public record Sample(String id, RgbImage image, Label[] labels, Mask mask, Path source) {

    public Sample {
        if (labels.length != VocClasses.COUNT) {
            throw new IllegalArgumentException(source + ": expected " + VocClasses.COUNT + " labels, got " + labels.length);
        }
        if (mask != null && (mask.height() != image.height() || mask.width() != image.width())) {
            throw new InvalidDataException(source, "mask is " + mask.height() + "x" + mask.width()
                    + " but its image is " + image.height() + "x" + image.width());
        }
    }

    public boolean hasMask() {
        return mask != null;
    }

    /** The 0/1 training targets of the 20 classes (difficult counts as present). */
    public float[] targets() {
        float[] t = new float[labels.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = labels[i].target();
        }
        return t;
    }

    /** Labels all {@link Label#UNKNOWN}: a test image's. */
    public static Label[] unknownLabels() {
        Label[] l = new Label[VocClasses.COUNT];
        Arrays.fill(l, Label.UNKNOWN);
        return l;
    }
}
