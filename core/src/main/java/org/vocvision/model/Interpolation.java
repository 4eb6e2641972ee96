package org.vocvision.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Differentiable bilinear resizing of NCHW maps, exactly torch's
 * {@code F.interpolate(x, size, mode="bilinear", align_corners=False)} when enlarging and shrinking.
 *
 * <p>Enlarging (the networks' decoders, logits to the image's size) uses libtorch's own kernel through
 * DJL's internal interpolation call. That call antialiases when it shrinks (then equal to torch's
 * {@code antialias=True}, not the default), so shrinking uses the separable linear map
 * {@code y = A_h · x · A_wᵀ} instead, built from torch's source-index rule
 * ({@code aten/src/ATen/native/UpSample.h}: {@code src = max((dst + 0.5) * in / out - 0.5, 0)}); the
 * engine derives its gradient from the two matrix products.
 */
public final class Interpolation {

    private static final int BILINEAR = 1;

    private Interpolation() {}

    /** Bilinear resize of {@code x} to the height and width of {@code like} (both NCHW), align_corners=false. */
    public static NDArray bilinearLike(NDArray x, NDArray like) {
        return bilinear(x, like.getShape().get(2), like.getShape().get(3));
    }

    /** Bilinear resize of an (N, C, H, W) array to (N, C, height, width), align_corners=false. */
    public static NDArray bilinear(NDArray x, long height, long width) {
        Shape shape = x.getShape();
        if (shape.dimension() != 4) {
            throw new IllegalArgumentException("bilinear resize needs an NCHW array, got shape " + shape);
        }
        int inH = (int) shape.get(2);
        int inW = (int) shape.get(3);
        if (inH == height && inW == width) {
            return x;
        }
        if (height >= inH && width >= inW) {
            return x.getNDArrayInternal().interpolation(new long[] {height, width}, BILINEAR, false);
        }
        NDManager manager = x.getManager();
        NDArray y = x;
        if (inW != width) {
            NDArray aw = manager.create(weights(inW, (int) width), new Shape(width, inW)).toType(x.getDataType(), false);
            y = y.matMul(aw.transpose());
        }
        if (inH != height) {
            NDArray ah = manager.create(weights(inH, (int) height), new Shape(height, inH)).toType(x.getDataType(), false);
            y = ah.matMul(y);
        }
        return y;
    }

    /** The (out x in) matrix of 1-D linear interpolation, row-major. */
    static float[] weights(int in, int out) {
        float[] a = new float[out * in];
        double scale = (double) in / out;
        for (int o = 0; o < out; o++) {
            double src = Math.max((o + 0.5) * scale - 0.5, 0);
            int i0 = Math.min((int) Math.floor(src), in - 1);
            int i1 = Math.min(i0 + 1, in - 1);
            float w1 = (float) (src - i0);
            a[o * in + i0] += 1 - w1;
            a[o * in + i1] += w1;
        }
        return a;
    }
}
