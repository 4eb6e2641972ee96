package org.vocvision.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@code (x - mean) / std} per channel on NCHW pixels in [0, 1]; no parameters. Living inside the model
 * lets attacks and augmentation work in pixel space.
 */
public final class Normalize extends AbstractBlock {

    /** torchvision's ImageNet statistics ({@code torchvision/transforms/_presets.py}). */
    public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};
    public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

    private final float[] mean;
    private final float[] std;

    public Normalize(float[] mean, float[] std) {
        if (mean.length != std.length) {
            throw new IllegalArgumentException("mean has " + mean.length + " channels, std " + std.length);
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    public static Normalize imageNet() {
        return new Normalize(IMAGENET_MEAN, IMAGENET_STD);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.head();
        if (x.getShape().dimension() != 4 || x.getShape().get(1) != mean.length) {
            throw new IllegalArgumentException("Normalize expects N x " + mean.length + " x H x W, got " + x.getShape());
        }
        Shape perChannel = new Shape(1, mean.length, 1, 1);
        NDManager manager = x.getManager();
        NDArray m = manager.create(mean, perChannel).toType(x.getDataType(), false);
        NDArray s = manager.create(std, perChannel).toType(x.getDataType(), false);
        return new NDList(x.sub(m).div(s));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        // no children, no parameters
    }
}
