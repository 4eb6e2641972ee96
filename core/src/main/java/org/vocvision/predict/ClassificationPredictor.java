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
import org.vocvision.model.Interpolation;

/**
 * Multi-label class probabilities: each image resized to the network's square input (bilinear, to
 * 8-bit pixels, as {@link org.vocvision.data.Batches} does for validation), sigmoid of the
 * logits, averaged with the mirrored image's when horizontal-flip TTA is on, and over the sizes of
 * mixed-size TTA: the input resized bilinearly (antialiased when shrinking) to {@code round(side * scale)}
 * for each scale, every view's sigmoid weighing the same (the global pooling takes any size).
 */
public final class ClassificationPredictor {

    private final Block model;
    private final int inputSize;
    private final boolean flip;
    private final double[] scales;

    /**
     * @param flip also classify the mirrored image and average (horizontal-flip TTA)
     * @param scales mixed-size TTA factors of the input side, e.g. {0.875, 1, 1.125}; none or {1}: one size
     */
    public ClassificationPredictor(Block model, int inputSize, boolean flip, double... scales) {
        for (double scale : scales) {
            if (!(scale > 0) || Math.round(inputSize * scale) < 1) {
                throw new IllegalArgumentException("TTA scale must make a side of at least 1 pixel, got " + scale);
            }
        }
        this.model = model;
        this.inputSize = inputSize;
        this.flip = flip;
        this.scales = scales.length == 0 ? new double[] {1} : scales.clone();
    }

    /**
     * The network's outputs for a batch of images: the plain pass's logits (N, classes) (the first scale,
     * not mirrored) and the probabilities predict reports (sigmoid, averaged over the TTA views).
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
        NDArray logits = null;
        NDArray sum = null;
        int views = 0;
        long height = x.getShape().get(2);
        long width = x.getShape().get(3);
        for (double scale : scales) {
            NDArray sized = scale == 1 ? x
                    : Interpolation.bilinear(x, Math.max(1, Math.round(height * scale)), Math.max(1, Math.round(width * scale)));
            for (boolean mirrored : flip ? new boolean[] {false, true} : new boolean[] {false}) {
                NDArray out = model.forward(store, new NDList(mirrored ? ImageTensors.flipHorizontal(sized) : sized), false)
                        .head();
                if (logits == null) {
                    logits = out;
                }
                NDArray p = Activation.sigmoid(out);
                sum = sum == null ? p : sum.add(p);
                views++;
            }
        }
        return new Output(logits, views == 1 ? sum : sum.div(views));
    }

    /** Sigmoid probabilities (N, classes) for a batch of inputs already at the network's size. */
    public NDArray probabilities(NDManager manager, NDArray x) {
        return run(manager, x).probabilities();
    }
}
