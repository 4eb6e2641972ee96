package org.vocvision.data;

/** Resizes an image and its mask to a model's input size, stretched or letterboxed. */
public final class Resize {

    private static final int[] BLACK = {0, 0, 0};

    private Resize() {}

    /**
     * The image (bilinear, half-pixel centres) and mask (nearest) at {@code height x width}.
     *
     * @param mask the mask, or {@code null}
     * @param keepAspect scale uniformly to fit and centre the result, padding the image with black
     *     and the mask with 255 (void, so the padding is ignored by losses and metrics); otherwise stretch
     */
    public static ImageWithMask apply(RgbImage image, Mask mask, int height, int width, boolean keepAspect) {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("output size must be positive, got " + height + "x" + width);
        }
        return map(image.height(), image.width(), height, width, keepAspect).apply(image, mask, height, width, BLACK);
    }

    /** The output -> source map of {@link #apply}. */
    static AffineWarp map(int sourceHeight, int sourceWidth, int height, int width, boolean keepAspect) {
        if (!keepAspect) {
            return AffineWarp.box(0, 0, sourceWidth, sourceHeight, width, height);
        }
        double f = Math.min(height / (double) sourceHeight, width / (double) sourceWidth);
        int fittedWidth = Math.max(1, (int) Math.round(sourceWidth * f));
        int fittedHeight = Math.max(1, (int) Math.round(sourceHeight * f));
        int left = (width - fittedWidth) / 2;
        int top = (height - fittedHeight) / 2;
        double sx = sourceWidth / (double) fittedWidth;
        double sy = sourceHeight / (double) fittedHeight;
        return new AffineWarp(sx, 0, -left * sx, 0, sy, -top * sy);
    }
}
