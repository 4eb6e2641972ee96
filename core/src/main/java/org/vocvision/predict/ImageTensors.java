package org.vocvision.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.vocvision.data.RgbImage;
import org.vocvision.model.Interpolation;

/** Turns RGB images into the models' input: (1, 3, H, W) float32 in [0,1] at a chosen size. */
public final class ImageTensors {

    private ImageTensors() {}

    /** The image as a (1, 3, H, W) float32 array in [0,1] at its own size. */
    public static NDArray of(NDManager manager, RgbImage image) {
        int h = image.height();
        int w = image.width();
        float[] chw = new float[3 * h * w];
        byte[] hwc = image.pixels();
        int plane = h * w;
        for (int i = 0; i < plane; i++) {
            chw[i] = (hwc[3 * i] & 0xFF) / 255f;
            chw[plane + i] = (hwc[3 * i + 1] & 0xFF) / 255f;
            chw[2 * plane + i] = (hwc[3 * i + 2] & 0xFF) / 255f;
        }
        return manager.create(chw, new Shape(1, 3, h, w));
    }

    /**
     * The image resized bilinearly to {@code height x width}; shrinking antialiases, like torchvision's
     * tensor {@code Resize(antialias=True)}.
     */
    public static NDArray resized(NDManager manager, RgbImage image, int height, int width) {
        return Interpolation.bilinear(of(manager, image), height, width);
    }

    /** Mirrors an NCHW array left to right. */
    public static NDArray flipHorizontal(NDArray x) {
        return x.flip(3);
    }
}
