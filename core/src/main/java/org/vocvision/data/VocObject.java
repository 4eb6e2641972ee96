package org.vocvision.data;

/**
 * One object of a VOC annotation: its class and bounding box in VOC's 1-based inclusive pixel coordinates.
 *
 * @param name the class name, one of {@link VocClasses#NAMES}
 * @param difficult marked difficult: excluded from VOC evaluation
 * @param truncated the object extends beyond the image
 */
public record VocObject(String name, int xmin, int ymin, int xmax, int ymax, boolean difficult, boolean truncated) {}
