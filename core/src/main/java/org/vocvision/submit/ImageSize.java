package org.vocvision.submit;

/** A test image's id and size: what checking its two submission rows needs. */
public record ImageSize(String id, int height, int width) {

    /** Positions of its segmentation row: 20 class planes of H x W. */
    long segmentationPositions() {
        return (long) org.vocvision.data.VocClasses.COUNT * height * width;
    }
}
