package org.vocvision.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.vocvision.data.Resize;
import org.vocvision.data.RgbImage;

/**
 * Multi-label class probabilities: each image resized to the network's square input (bilinear, to
 * 8-bit pixels, as {@link org.vocvision.data.Batches} does for validation), sigmoid of the
 * logits, averaged with the mirrored image's when horizontal-flip TTA is on.
 */
public final class ClassificationPredictor {

    private final Block model;
    private final int inputSize;
    private final boolean flip;

    public ClassificationPredictor(Block model, int inputSize, boolean flip) {
        this.model = model;
        this.inputSize = inputSize;
        this.flip = flip;
    }

    /** Probabilities, one float[20] per image, in the order given. */
    public float[][] predict(NDManager parent, List<RgbImage> images) {
        float[][] out = new float[images.size()][];
        try (NDManager manager = parent.newSubManager()) {
            NDList inputs = new NDList(images.size());
            for (RgbImage image : images) {
                // resized to bytes exactly as the training loader's validation batches are, so the val mAP
                // that picked the best checkpoint is the one predict reproduces
                inputs.add(ImageTensors.of(manager, Resize.apply(image, null, inputSize, inputSize, false).image()));
            }
            NDArray x = NDArrays.concat(inputs, 0);
            NDArray p = probabilities(manager, x);
            for (int i = 0; i < out.length; i++) {
                out[i] = p.get(i).toFloatArray();
            }
        }
        return out;
    }

    /** Sigmoid probabilities (N, classes) for a batch of inputs already at the network's size. */
    public NDArray probabilities(NDManager manager, NDArray x) {
        ParameterStore store = new ParameterStore(manager, false);
        NDArray p = Activation.sigmoid(model.forward(store, new NDList(x), false).head());
        if (flip) {
            NDArray mirrored = model.forward(store, new NDList(ImageTensors.flipHorizontal(x)), false).head();
            p = p.add(Activation.sigmoid(mirrored)).div(2);
        }
        return p;
    }
}
