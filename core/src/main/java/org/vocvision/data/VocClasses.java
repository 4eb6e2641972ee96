package org.vocvision.data;

import java.util.List;

/**
 * PASCAL VOC's 20 object classes in the competition's column order (alphabetical, as the VOC devkit).
 * Mask value {@code c} (1..20) is class {@code NAMES.get(c - 1)}; 0 is background, 255 is void.
 */
public final class VocClasses {

    public static final List<String> NAMES = List.of(
            "aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat", "chair", "cow",
            "diningtable", "dog", "horse", "motorbike", "person", "pottedplant", "sheep", "sofa",
            "train", "tvmonitor");

    /** Number of object classes (the classifier's outputs). */
    public static final int COUNT = 20;
    /** Mask value of background; segmentation models predict {@code COUNT + 1} classes. */
    public static final int BACKGROUND = 0;
    /** Mask value of VOC's "void" boundary band: ignored by losses and metrics. */
    public static final int VOID = 255;

    private VocClasses() {}

    /** The class index 0..19 of a VOC class name, or an exception naming the valid names. */
    public static int indexOf(String name) {
        int i = NAMES.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("unknown VOC class '" + name + "'; valid: " + NAMES);
        }
        return i;
    }

    /** Background plus the 20 classes: the 21 names of segmentation outputs. */
    public static List<String> withBackground() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of("background"), NAMES.stream()).toList();
    }
}
