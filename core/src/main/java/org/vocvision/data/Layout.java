package org.vocvision.data;

/** The on-disk layouts vocvision reads and writes (docs/DATA.md). */
public enum Layout {
    /** A VOCdevkit year directory: JPEGImages, Annotations, SegmentationClass, ImageSets. */
    VOC,
    /** The course competition's csv + .npy layout: train/ and test/. */
    COMPETITION
}
