package org.vocvision.data;

/**
 * What {@link Augment} does to each training sample. Ranges are [min, max] drawn uniformly.
 *
 * @param crop which part of the image to keep
 * @param minArea smallest crop area as a fraction of the image ({@link CropMode#RESIZED_CROP})
 * @param maxArea largest crop area fraction
 * @param minAspect smallest crop width / height ({@link CropMode#RESIZED_CROP}; drawn log-uniformly)
 * @param maxAspect largest crop width / height
 * @param minScale smallest rescale factor ({@link CropMode#SCALE_CROP}; 1 makes the image's short side
 *     the output's short side)
 * @param maxScale largest rescale factor
 * @param flipProbability chance of a horizontal flip
 * @param maxRotation largest rotation in degrees, either way
 * @param maxShear largest horizontal shear angle in degrees, either way
 * @param minZoom smallest zoom about the centre (below 1 shrinks the content)
 * @param maxZoom largest zoom
 * @param brightness brightness factor drawn from [1 - b, 1 + b] (torchvision ColorJitter)
 * @param contrast contrast factor drawn from [1 - c, 1 + c]
 * @param saturation saturation factor drawn from [1 - s, 1 + s]
 * @param padWithMean fill pixels from outside the image with the ImageNet mean colour rather than black
 */
public record AugmentOptions(CropMode crop, double minArea, double maxArea, double minAspect, double maxAspect,
        double minScale, double maxScale, double flipProbability, double maxRotation, double maxShear,
        double minZoom, double maxZoom, double brightness, double contrast, double saturation, boolean padWithMean) {

    /** RandomResizedCrop (area 0.25..1), flips, mild colour jitter: a classification recipe for small data. */
    public static AugmentOptions classification() {
        return builder().optCrop(CropMode.RESIZED_CROP).optArea(0.25, 1).optFlipProbability(0.5)
                .optColorJitter(0.2, 0.2, 0.2).build();
    }

    /** Scale 0.5..2 then crop, flips: the DeepLab recipe on VOC (Chen et al. 2018, section 4). */
    public static AugmentOptions segmentation() {
        return builder().optCrop(CropMode.SCALE_CROP).optScale(0.5, 2).optFlipProbability(0.5).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private CropMode crop = CropMode.NONE;
        private double minArea = 0.08;
        private double maxArea = 1;
        private double minAspect = 3.0 / 4;
        private double maxAspect = 4.0 / 3;
        private double minScale = 0.5;
        private double maxScale = 2;
        private double flipProbability;
        private double maxRotation;
        private double maxShear;
        private double minZoom = 1;
        private double maxZoom = 1;
        private double brightness;
        private double contrast;
        private double saturation;
        private boolean padWithMean;

        private Builder() {}

        public Builder optCrop(CropMode crop) {
            this.crop = crop;
            return this;
        }

        /** Crop area fractions for {@link CropMode#RESIZED_CROP}; torchvision's default is 0.08..1. */
        public Builder optArea(double min, double max) {
            this.minArea = min;
            this.maxArea = max;
            return this;
        }

        /** Crop aspect ratios for {@link CropMode#RESIZED_CROP}; torchvision's default is 3/4..4/3. */
        public Builder optAspect(double min, double max) {
            this.minAspect = min;
            this.maxAspect = max;
            return this;
        }

        /** Rescale factors for {@link CropMode#SCALE_CROP}; DeepLab's is 0.5..2. */
        public Builder optScale(double min, double max) {
            this.minScale = min;
            this.maxScale = max;
            return this;
        }

        public Builder optFlipProbability(double p) {
            this.flipProbability = p;
            return this;
        }

        public Builder optRotation(double maxDegrees) {
            this.maxRotation = maxDegrees;
            return this;
        }

        public Builder optShear(double maxDegrees) {
            this.maxShear = maxDegrees;
            return this;
        }

        public Builder optZoom(double min, double max) {
            this.minZoom = min;
            this.maxZoom = max;
            return this;
        }

        public Builder optColorJitter(double brightness, double contrast, double saturation) {
            this.brightness = brightness;
            this.contrast = contrast;
            this.saturation = saturation;
            return this;
        }

        public Builder optPadWithMean(boolean padWithMean) {
            this.padWithMean = padWithMean;
            return this;
        }

        public AugmentOptions build() {
            range("area", minArea, maxArea, 1e-6, 1);
            range("aspect", minAspect, maxAspect, 1e-3, 1e3);
            range("scale", minScale, maxScale, 1e-3, 1e3);
            range("zoom", minZoom, maxZoom, 1e-3, 1e3);
            range("flipProbability", flipProbability, flipProbability, 0, 1);
            range("rotation", maxRotation, maxRotation, 0, 180);
            range("shear", maxShear, maxShear, 0, 60);
            range("brightness", brightness, brightness, 0, 1);
            range("contrast", contrast, contrast, 0, 1);
            range("saturation", saturation, saturation, 0, 1);
            return new AugmentOptions(crop, minArea, maxArea, minAspect, maxAspect, minScale, maxScale,
                    flipProbability, maxRotation, maxShear, minZoom, maxZoom, brightness, contrast, saturation,
                    padWithMean);
        }

        private static void range(String name, double min, double max, double lowest, double highest) {
            if (!(min >= lowest && max <= highest && min <= max)) {
                throw new IllegalArgumentException(name + " must satisfy " + lowest + " <= min <= max <= " + highest
                        + ", got " + min + ".." + max);
            }
        }
    }
}
