package org.vocvision.data;

/**
 * Resamples an image and its mask through one affine map from output to source coordinates, the
 * single geometric step behind every resize and augmentation, so image and mask stay aligned.
 *
 * <p>Coordinates are continuous with pixel (i, j) covering [j, j+1) x [i, i+1), so pixel centres
 * sit at half-integers, as in torch's {@code interpolate(..., align_corners=False)}. The image is
 * sampled bilinearly, neighbours clamped at the edge (so a plain resize equals torch's bilinear
 * upsampling); the mask takes the source pixel containing the point (PyTorch's "nearest-exact").
 * Output pixels whose centre maps outside the source get {@code fill} in the image and 255 (void)
 * in the mask.
 *
 * @param xx source x per output x
 * @param xy source x per output y
 * @param x0 source x of output point (0, 0)
 * @param yx source y per output x
 * @param yy source y per output y
 * @param y0 source y of output point (0, 0)
 */
record AffineWarp(double xx, double xy, double x0, double yx, double yy, double y0) {

    /** This map applied after {@code first}: output -> first -> this. */
    AffineWarp after(AffineWarp first) {
        return new AffineWarp(
                xx * first.xx + xy * first.yx, xx * first.xy + xy * first.yy, xx * first.x0 + xy * first.y0 + x0,
                yx * first.xx + yy * first.yx, yx * first.xy + yy * first.yy, yx * first.x0 + yy * first.y0 + y0);
    }

    /** Maps the output rectangle [0, width) x [0, height) linearly onto the source box at (left, top). */
    static AffineWarp box(double left, double top, double boxWidth, double boxHeight, int width, int height) {
        return new AffineWarp(boxWidth / width, 0, left, 0, boxHeight / height, top);
    }

    ImageWithMask apply(RgbImage source, Mask mask, int height, int width, int[] fill) {
        int sh = source.height();
        int sw = source.width();
        byte[] src = source.pixels();
        byte[] out = new byte[height * width * 3];
        byte[] maskOut = mask == null ? null : new byte[height * width];
        byte[] maskIn = mask == null ? null : mask.values();
        for (int y = 0; y < height; y++) {
            double cy = y + 0.5;
            for (int x = 0; x < width; x++) {
                double cx = x + 0.5;
                double sx = xx * cx + xy * cy + x0;
                double sy = yx * cx + yy * cy + y0;
                int o = y * width + x;
                if (!(sx >= 0 && sx < sw && sy >= 0 && sy < sh)) {
                    out[o * 3] = (byte) fill[0];
                    out[o * 3 + 1] = (byte) fill[1];
                    out[o * 3 + 2] = (byte) fill[2];
                    if (maskOut != null) {
                        maskOut[o] = (byte) VocClasses.VOID;
                    }
                    continue;
                }
                double fx = sx - 0.5;
                double fy = sy - 0.5;
                int ix = (int) Math.floor(fx);
                int iy = (int) Math.floor(fy);
                double wx = fx - ix;
                double wy = fy - iy;
                int xa = Math.max(0, ix);
                int xb = Math.min(sw - 1, ix + 1);
                int ya = Math.max(0, iy);
                int yb = Math.min(sh - 1, iy + 1);
                int p00 = (ya * sw + xa) * 3;
                int p01 = (ya * sw + xb) * 3;
                int p10 = (yb * sw + xa) * 3;
                int p11 = (yb * sw + xb) * 3;
                for (int c = 0; c < 3; c++) {
                    double top = (src[p00 + c] & 0xFF) * (1 - wx) + (src[p01 + c] & 0xFF) * wx;
                    double bottom = (src[p10 + c] & 0xFF) * (1 - wx) + (src[p11 + c] & 0xFF) * wx;
                    out[o * 3 + c] = (byte) (int) (top * (1 - wy) + bottom * wy + 0.5);
                }
                if (maskOut != null) {
                    maskOut[o] = maskIn[(int) sy * sw + (int) sx];
                }
            }
        }
        return new ImageWithMask(new RgbImage(height, width, out), maskOut == null ? null : new Mask(height, width, maskOut));
    }
}
