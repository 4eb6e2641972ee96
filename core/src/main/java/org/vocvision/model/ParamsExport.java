package org.vocvision.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vocvision.data.InvalidDataException;
import org.vocvision.engine.OfflineEngine;

/**
 * Converts DJL parameters ({@code Block.saveParameters}, the {@code .params} of a checkpoint) of a
 * registered model to a {@code .safetensors} state_dict in torchvision/timm naming, for PyTorch's
 * {@code load_state_dict}.
 */
public final class ParamsExport {

    private ParamsExport() {}

    /**
     * @param inputSize the training input side; only the DENSE head's shapes depend on it
     */
    public static void export(String model, ModelOptions options, int inputSize, Path params, Path out)
            throws IOException {
        try (NDManager manager = OfflineEngine.newManager()) {
            NormalizedModel m = Zoo.create(model, options);
            m.initialize(manager, DataType.FLOAT32, new Shape(1, 3, inputSize, inputSize));
            try (InputStream in = Files.newInputStream(params)) {
                m.loadParameters(manager, new DataInputStream(in));
            } catch (MalformedModelException | IllegalArgumentException e) {
                throw new InvalidDataException(params, "not DJL parameters of " + model + " with these options: "
                        + e.getMessage(), e);
            }
            StateDict.export(m.network(), out);
        }
    }
}
