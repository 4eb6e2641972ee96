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

    /**
     * The network's outputs for a batch of images: the plain pass's logits (N, classes) and the
     * probabilities predict reports (sigmoid, averaged with the mirrored image's under TTA).
     */
    public record Output(NDArray logits, NDArray probabilities) {}

    /** Probabilities, one float[20] per image, in the order given. */
    public float[][] predict(NDManager parent, List<RgbImage> images) {
        float[][] out = new float[images.size()][];
        try (NDManager manager = parent.newSubManager()) {
            NDArray p = run(manager, images).probabilities();
            for (int i = 0; i < out.length; i++) {
                out[i] = p.get(i).toFloatArray();
            }
        }
        return out;
    }

    /** Both outputs for images of any size, in {@code manager}. */
    public Output run(NDManager manager, List<RgbImage> images) {
        NDList inputs = new NDList(images.size());
        for (RgbImage image : images) {
            // resized to bytes exactly as the training loader's batches are, so validation during training
            // and predict see the same pixels
            inputs.add(ImageTensors.of(manager, Resize.apply(image, null, inputSize, inputSize, false).image()));
        }
        return run(manager, NDArrays.concat(inputs, 0));
    }

    /** Both outputs for a batch of inputs already at the network's size. */
    public Output run(NDManager manager, NDArray x) {
        ParameterStore store = new ParameterStore(manager, false);
        NDArray logits = model.forward(store, new NDList(x), false).head();
        NDArray p = Activation.sigmoid(logits);
        if (flip) {
            NDArray mirrored = model.forward(store, new NDList(ImageTensors.flipHorizontal(x)), false).head();
            p = p.add(Activation.sigmoid(mirrored)).div(2);
        }
        return new Output(logits, p);
    }

    /** Sigmoid probabilities (N, classes) for a batch of inputs already at the network's size. */
    public NDArray probabilities(NDManager manager, NDArray x) {
        return run(manager, x).probabilities();
    }
}
