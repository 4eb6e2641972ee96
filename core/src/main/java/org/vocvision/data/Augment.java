package org.vocvision.data;

import java.util.SplittableRandom;

/**
 * Random training transforms applied jointly to an image and its mask. All geometry (crop, rescale,
 * flip, rotation, shear, zoom) is composed into ONE affine map per sample and applied once by
 * {@link AffineWarp}, so the image is interpolated only once and the mask stays aligned with it;
 * pixels brought in from outside the image are void (255) in the mask. Colour jitter follows.
 */
public final class Augment {

    /** ImageNet's mean RGB (torchvision's normalisation constants) times 255. */
    private static final int[] IMAGENET_MEAN = {124, 116, 104};
    private static final int[] BLACK = {0, 0, 0};

    private final AugmentOptions options;

    public Augment(AugmentOptions options) {
        this.options = options;
    }

    public AugmentOptions options() {
        return options;
    }

    /**
     * A random transform of the image and mask, at {@code height x width}.
     *
     * @param mask the mask, or {@code null} (classification data)
     * @param rng the sample's own random stream: the same stream state gives the same output
     */
    public ImageWithMask apply(RgbImage image, Mask mask, int height, int width, SplittableRandom rng) {
        AffineWarp map = crop(image.height(), image.width(), height, width, rng).after(pose(height, width, rng));
        ImageWithMask out = map.apply(image, mask, height, width, options.padWithMean() ? IMAGENET_MEAN : BLACK);
        jitterColours(out.image().pixels(), rng);
        return out;
    }

    /** Output -> source coordinates of the chosen crop or rescale window. */
    private AffineWarp crop(int h, int w, int height, int width, SplittableRandom rng) {
        return switch (options.crop()) {
            case NONE -> AffineWarp.box(0, 0, w, h, width, height);
            case RESIZED_CROP -> resizedCrop(h, w, height, width, rng);
            case SCALE_CROP -> {
                // torchvision's segmentation preset sizes the short side around the crop size
                double f = Math.min(height, width) / (double) Math.min(h, w) * uniform(rng, options.minScale(), options.maxScale());
                double scaledWidth = w * f;
                double scaledHeight = h * f;
                double left = uniform(rng, Math.min(0, scaledWidth - width), Math.max(0, scaledWidth - width));
                double top = uniform(rng, Math.min(0, scaledHeight - height), Math.max(0, scaledHeight - height));
                yield new AffineWarp(1 / f, 0, left / f, 0, 1 / f, top / f);
            }
        };
    }

    /** torchvision's RandomResizedCrop.get_params: ten tries at a fitting box, then a central crop. */
    private AffineWarp resizedCrop(int h, int w, int height, int width, SplittableRandom rng) {
        double area = (double) h * w;
        double logMin = Math.log(options.minAspect());
        double logMax = Math.log(options.maxAspect());
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * uniform(rng, options.minArea(), options.maxArea());
            double aspect = Math.exp(uniform(rng, logMin, logMax));
            int cw = (int) Math.round(Math.sqrt(target * aspect));
            int ch = (int) Math.round(Math.sqrt(target / aspect));
            if (cw > 0 && cw <= w && ch > 0 && ch <= h) {
                int top = rng.nextInt(h - ch + 1);
                int left = rng.nextInt(w - cw + 1);
                return AffineWarp.box(left, top, cw, ch, width, height);
            }
        }
        double ratio = (double) w / h;
        int cw = w;
        int ch = h;
        if (ratio < options.minAspect()) {
            ch = (int) Math.round(w / options.minAspect());
        } else if (ratio > options.maxAspect()) {
            cw = (int) Math.round(h * options.maxAspect());
        }
        return AffineWarp.box((w - cw) / 2, (h - ch) / 2, cw, ch, width, height);
    }

    /**
     * Output -> output map of the flip and the random rotation, shear and zoom about the centre: the
     * inverse of the forward transform zoom, then shear, then rotate.
     */
    private AffineWarp pose(int height, int width, SplittableRandom rng) {
        boolean flip = rng.nextDouble() < options.flipProbability();
        double angle = Math.toRadians(uniform(rng, -options.maxRotation(), options.maxRotation()));
        double shear = Math.tan(Math.toRadians(uniform(rng, -options.maxShear(), options.maxShear())));
        double zoom = uniform(rng, options.minZoom(), options.maxZoom());
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        // forward M = R(angle) * [[1, shear], [0, 1]] * zoom
        double a = zoom * cos;
        double b = zoom * (cos * shear - sin);
        double c = zoom * sin;
        double d = zoom * (sin * shear + cos);
        double det = a * d - b * c;
        double ia = d / det;
        double ib = -b / det;
        double ic = -c / det;
        double id = a / det;
        double cx = width / 2.0;
        double cy = height / 2.0;
        AffineWarp inverse = new AffineWarp(ia, ib, cx - ia * cx - ib * cy, ic, id, cy - ic * cx - id * cy);
        AffineWarp mirror = flip ? new AffineWarp(-1, 0, width, 0, 1, 0) : new AffineWarp(1, 0, 0, 0, 1, 0);
        return inverse.after(mirror);
    }

    /** Brightness, contrast, then saturation, as torchvision's ColorJitter (in a fixed order). */
    private void jitterColours(byte[] pixels, SplittableRandom rng) {
        double brightness = uniform(rng, 1 - options.brightness(), 1 + options.brightness());
        double contrast = uniform(rng, 1 - options.contrast(), 1 + options.contrast());
        double saturation = uniform(rng, 1 - options.saturation(), 1 + options.saturation());
        if (brightness == 1 && contrast == 1 && saturation == 1) {
            return;
        }
        int n = pixels.length / 3;
        double[] v = new double[pixels.length];
        double greySum = 0;
        for (int p = 0; p < n; p++) {
            for (int c = 0; c < 3; c++) {
                v[p * 3 + c] = Math.min(255, (pixels[p * 3 + c] & 0xFF) * brightness);
            }
            greySum += grey(v, p);
        }
        double mean = greySum / n;
        for (int p = 0; p < n; p++) {
            for (int c = 0; c < 3; c++) {
                v[p * 3 + c] = clamp(contrast * v[p * 3 + c] + (1 - contrast) * mean);
            }
            double g = grey(v, p);
            for (int c = 0; c < 3; c++) {
                pixels[p * 3 + c] = (byte) (int) (clamp(saturation * v[p * 3 + c] + (1 - saturation) * g) + 0.5);
            }
        }
    }

    // ITU-R 601 luma, as torchvision's rgb_to_grayscale
    private static double grey(double[] v, int p) {
        return 0.299 * v[p * 3] + 0.587 * v[p * 3 + 1] + 0.114 * v[p * 3 + 2];
    }

    private static double clamp(double x) {
        return Math.max(0, Math.min(255, x));
    }

    private static double uniform(SplittableRandom rng, double min, double max) {
        return min == max ? min : min + (max - min) * rng.nextDouble();
    }
}
