package org.vocvision.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vocvision.attack.Task;
import org.vocvision.data.InvalidDataException;
import org.vocvision.engine.OfflineEngine;
import org.vocvision.model.HeadKind;
import org.vocvision.model.ModelOptions;
import org.vocvision.model.NormalizedModel;
import org.vocvision.model.Zoo;
import org.vocvision.train.Checkpoint;
import org.vocvision.train.CheckpointManifest;
import org.vocvision.train.ModelCard;

/**
 * Rebuilds the model of a run directory from its best checkpoint: the model card names the Zoo model,
 * its config the options ({@code "options"}: numClasses, width, dropout, batchNorm, head, outputStride,
 * backbone; missing fields take {@link ModelOptions#defaults()}) and the input size ({@code "imageSize"}
 * or {@code "crop"}, a number or [height, width]; 224 when neither is there). Kept apart so a shared
 * loader of trained models can replace it.
 */
final class RunModelLoader {

    private static final Logger LOG = LoggerFactory.getLogger(RunModelLoader.class);
    static final int DEFAULT_SIZE = 224;

    private RunModelLoader() {}

    /** A loaded model and the manager holding its parameters: close it. */
    record LoadedModel(String name, NormalizedModel block, int height, int width, Task task, NDManager manager)
            implements AutoCloseable {
        @Override
        public void close() {
            manager.close();
        }
    }

    static LoadedModel load(Path runDir) throws IOException {
        Path file = Checkpoint.file(runDir, "best");
        CheckpointManifest manifest = Checkpoint.readManifest(file);
        ModelCard card = manifest.card();
        if (card == null || card.model() == null) {
            throw new InvalidDataException(file, "the checkpoint's manifest has no model card naming its model");
        }
        JsonNode config = card.config() == null ? MissingNode.getInstance() : card.config();
        ModelOptions options = options(config.path("options"), file);
        int[] size = size(config, file);
        NormalizedModel block = Zoo.create(card.model(), options);
        NDManager manager = OfflineEngine.newManager();
        try {
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, size[0], size[1]));
            Checkpoint.read(file, block, manager);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
        String model = card.model();
        Task task = model.equals("deeplabv3plus") || model.equals("unet") ? Task.SEGMENTATION : Task.CLASSIFICATION;
        LOG.info("loaded {} ({}, input {}x{}) from {}", model, task.jsonName(), size[0], size[1], file);
        return new LoadedModel(model, block, size[0], size[1], task, manager);
    }

    static ModelOptions options(JsonNode o, Path file) {
        ModelOptions d = ModelOptions.defaults();
        if (!o.isMissingNode() && !o.isObject()) {
            throw new InvalidDataException(file, "model card config 'options' is not an object: " + o);
        }
        Integer classes = o.hasNonNull("numClasses") ? Integer.valueOf(o.get("numClasses").asInt()) : d.numClasses();
        float width = o.hasNonNull("width") ? (float) o.get("width").asDouble() : d.width();
        Float dropout = o.hasNonNull("dropout") ? Float.valueOf((float) o.get("dropout").asDouble()) : d.dropout();
        boolean batchNorm = o.hasNonNull("batchNorm") ? o.get("batchNorm").asBoolean() : d.batchNorm();
        HeadKind head = d.head();
        if (o.hasNonNull("head")) {
            String h = o.get("head").asText();
            try {
                head = HeadKind.valueOf(h.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidDataException(file, "model card names an unknown head '" + h + "'");
            }
        }
        int stride = o.hasNonNull("outputStride") ? o.get("outputStride").asInt() : d.outputStride();
        String backbone = o.hasNonNull("backbone") ? o.get("backbone").asText() : d.backbone();
        return new ModelOptions(classes, width, dropout, batchNorm, head, stride, backbone);
    }

    static int[] size(JsonNode config, Path file) {
        JsonNode s = config.hasNonNull("imageSize") ? config.get("imageSize") : config.path("crop");
        if (s.isMissingNode() || s.isNull()) {
            return new int[] {DEFAULT_SIZE, DEFAULT_SIZE};
        }
        int[] hw = s.isArray() && s.size() == 2 ? new int[] {s.get(0).asInt(), s.get(1).asInt()}
                : s.canConvertToInt() ? new int[] {s.asInt(), s.asInt()} : new int[] {0, 0};
        if (hw[0] <= 0 || hw[1] <= 0) {
            throw new InvalidDataException(file, "model card's input size is not a positive number or [height, width]: " + s);
        }
        return hw;
    }
}
