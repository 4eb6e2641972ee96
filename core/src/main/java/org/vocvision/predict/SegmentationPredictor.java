package org.vocvision.predict;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.vocvision.data.Mask;
import org.vocvision.data.RgbImage;
import org.vocvision.model.Interpolation;

/**
 * Predicts a segmentation mask at each image's own size: resize the image so its long side is the
 * network input (each side a multiple of the output stride), run the model, upsample the logits
 * bilinearly to the image's H x W, average the softmax over the test-time augmentations, argmax.
 */
public final class SegmentationPredictor {

    private final Block model;
    private final int inputSize;
    private final int stride;
    private final boolean flip;
    private final double[] scales;

    /**
     * @param model the segmenter: (N, 3, H, W) pixels in [0,1] to (N, 21, H, W) logits
     * @param inputSize the long side the network sees at scale 1
     * @param stride each input side is rounded to a multiple of it (the output stride)
     * @param flip also predict the mirrored image and average (horizontal-flip TTA)
     * @param scales multi-scale TTA factors of {@code inputSize}, e.g. {0.75, 1, 1.25}; {1} for none
     */
    public SegmentationPredictor(Block model, int inputSize, int stride, boolean flip, double... scales) {
        if (inputSize < stride) {
            throw new IllegalArgumentException("input size " + inputSize + " is below the output stride " + stride);
        }
        this.model = model;
        this.inputSize = inputSize;
        this.stride = stride;
        this.flip = flip;
        this.scales = scales.length == 0 ? new double[] {1} : scales.clone();
    }

    /**
     * The network's outputs for one image at its own size: the plain pass's logits (1, C, H, W),
     * upsampled bilinearly, and the softmax probabilities predict reports (averaged over the TTA views).
     */
    public record Output(NDArray logits, NDArray probabilities) {

        /** The argmax mask (0 background, 1..20 classes). */
        public Mask mask() {
            NDArray classes = probabilities.argMax(1).toType(DataType.UINT8, false);
            long[] s = probabilities.getShape().getShape();
            return new Mask((int) s[2], (int) s[3], classes.toByteArray());
        }
    }

    /** The predicted mask (0 background, 1..20 classes) at the image's own size. */
    public Mask predict(NDManager parent, RgbImage image) {
        try (NDManager manager = parent.newSubManager()) {
            return run(manager, image).mask();
        }
    }

    /** Softmax probabilities (1, C, H, W) at the image's own size, averaged over the augmentations. */
    public NDArray probabilities(NDManager manager, RgbImage image) {
        return run(manager, image).probabilities();
    }

    /** Both outputs for one image, in {@code manager}. */
    public Output run(NDManager manager, RgbImage image) {
        ParameterStore store = new ParameterStore(manager, false);
        NDArray sum = null;
        NDArray plain = null;
        int views = 0;
        for (double scale : scales) {
            int[] size = networkSize(image.height(), image.width(), (int) Math.round(inputSize * scale), stride);
            NDArray x = ImageTensors.resized(manager, image, size[0], size[1]);
            for (boolean mirrored : flip ? new boolean[] {false, true} : new boolean[] {false}) {
                NDArray input = mirrored ? ImageTensors.flipHorizontal(x) : x;
                NDArray logits = model.forward(store, new NDList(input), false).head();
                if (mirrored) {
                    logits = ImageTensors.flipHorizontal(logits);
                }
                NDArray full = Interpolation.bilinear(logits, image.height(), image.width());
                if (plain == null) {
                    plain = full; // the first view: scale as given first (1 by default), not mirrored
                }
                NDArray p = full.softmax(1);
                sum = sum == null ? p : sum.add(p);
                views++;
            }
        }
        return new Output(plain, views == 1 ? sum : sum.div(views));
    }

    /**
     * The network input size for an image: long side {@code longSide}, aspect kept, each side rounded to
     * the nearest multiple of {@code stride} (at least one stride).
     */
    public static int[] networkSize(int height, int width, int longSide, int stride) {
        double scale = (double) longSide / Math.max(height, width);
        int h = Math.max(stride, (int) Math.round(height * scale / stride) * stride);
        int w = Math.max(stride, (int) Math.round(width * scale / stride) * stride);
        return new int[] {h, w};
    }
}
