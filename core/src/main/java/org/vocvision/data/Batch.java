package org.vocvision.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * One mini-batch, prepared off the training thread as plain Java arrays; the step turns it into
 * NDArrays in its own sub-manager, so no native memory outlives the step.
 *
 * @param ids the sample ids, in batch order
 * @param height the common image height
 * @param width the common image width
 * @param images N x 3 x H x W float32 pixels in [0,1] (not normalised: normalisation is part of the model)
 * @param targets N x 20 class targets (0/1), or {@code null} for unlabelled data
 * @param masks N x H x W class indices (0..20, 255 void) as unsigned bytes, or {@code null} without masks
 */
public record Batch(List<String> ids, int height, int width, float[] images, float[] targets, byte[] masks)
        implements java.io.Serializable {

    public int size() {
        return ids.size();
    }

    /** The images as an (N, 3, H, W) float32 NDArray. */
    public NDArray images(NDManager manager) {
        return manager.create(FloatBuffer.wrap(images), new Shape(size(), 3, height, width));
    }

    /** The class targets as an (N, 20) float32 NDArray. */
    public NDArray targets(NDManager manager) {
        if (targets == null) {
            throw new IllegalStateException("batch has no class targets");
        }
        return manager.create(FloatBuffer.wrap(targets), new Shape(size(), VocClasses.COUNT));
    }

    /** The masks as an (N, H, W) int64 NDArray of class indices, 255 for void. */
    public NDArray masks(NDManager manager) {
        if (masks == null) {
            throw new IllegalStateException("batch has no masks");
        }
        long[] values = new long[masks.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = masks[i] & 0xFF;
        }
        return manager.create(values, new Shape(size(), height, width));
    }
}
