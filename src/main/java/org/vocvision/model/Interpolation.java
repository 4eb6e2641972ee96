package org.vocvision.model;

import ai.djl.ndarray.NDArray;

/**
 * Differentiable resizing of NCHW feature maps through libtorch's own {@code interpolate} operator.
 *
 * <p>DJL's public API has no bilinear resize of tensors; the engine's internal interpolation (mode 1 =
 * bilinear, align_corners=false) is torch's {@code F.interpolate(x, size, mode="bilinear",
 * align_corners=False)} when it enlarges, forward and backward; when it shrinks it antialiases, like
 * {@code F.interpolate(..., antialias=True)} (both checked against torch in InterpolationTest). The
 * networks only enlarge with it (decoder upsampling, logits to the image's size).
 */
public final class Interpolation {

    private static final int BILINEAR = 1;

    private Interpolation() {}

    /** Bilinear resize of an (N, C, H, W) array to (N, C, height, width), align_corners=false. */
    public static NDArray bilinear(NDArray x, long height, long width) {
        if (x.getShape().dimension() != 4) {
            throw new IllegalArgumentException("bilinear resize needs an NCHW array, got shape " + x.getShape());
        }
        if (x.getShape().get(2) == height && x.getShape().get(3) == width) {
            return x;
        }
        return x.getNDArrayInternal().interpolation(new long[] {height, width}, BILINEAR, false);
    }
}
