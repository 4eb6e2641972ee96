package org.vocvision.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import org.vocvision.engine.OfflineEngine;

/**
 * Raw logits of a registered network with a weight file, in eval mode, on an already-normalised float32
 * NCHW input: the numbers to compare with PyTorch's {@code model.eval()(x)}; for a segmenter its main
 * output, N x C x H x W at the input's size, as torchvision's {@code model(x)["out"]} (a file's auxiliary
 * head is dropped).
 */
public final class Logits {

    private Logits() {}

    public static FloatNpy.Array compute(String model, ModelOptions options, Path weights, FloatNpy.Array input)
            throws IOException {
        long[] s = input.shape();
        if (s.length != 4 || s[1] != 3) {
            throw new IllegalArgumentException("input must be N x 3 x H x W float32, got shape "
                    + java.util.Arrays.toString(s));
        }
        try (NDManager manager = OfflineEngine.newManager()) {
            Block network = Zoo.create(model, options).network();
            Shape shape = new Shape(s);
            network.initialize(manager, DataType.FLOAT32, shape);
            StateDict.load(network, weights, LoadOptions.strict().withUnused(SimpleSegmentationModel.AUX_PREFIX));
            NDArray x = manager.create(input.data(), shape);
            NDArray y = network.forward(new ParameterStore(manager, false), new NDList(x), false).head();
            return new FloatNpy.Array(y.getShape().getShape(), y.toFloatArray());
        }
    }
}
