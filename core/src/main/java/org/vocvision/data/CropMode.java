package org.vocvision.data;

/** How an augmentation chooses the part of the image it keeps. */
public enum CropMode {
    /** The whole image, stretched to the output size. */
    NONE,
    /**
     * A random box of random area and aspect ratio, stretched to the output size: torchvision's
     * {@code RandomResizedCrop} (Szegedy et al. 2015, "Inception" training), for classification.
     */
    RESIZED_CROP,
    /**
     * Rescale by a random factor, then cut a window of the output size, padding with void where the
     * image is too small: torchvision's segmentation reference ({@code RandomResize} then
     * {@code RandomCrop}, references/segmentation/presets.py), as DeepLab trains on VOC.
     */
    SCALE_CROP
}
