package org.vocvision.predict;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vocvision.data.InvalidDataException;
import org.vocvision.data.VocClasses;
import org.vocvision.engine.OfflineEngine;
import org.vocvision.metric.Thresholds;
import org.vocvision.model.ModelOptions;
import org.vocvision.model.NormalizedModel;
import org.vocvision.model.Zoo;
import org.vocvision.train.BestCheckpoint;
import org.vocvision.train.Checkpoint;
import org.vocvision.train.CheckpointManifest;
import org.vocvision.train.ModelCard;

/**
 * A trained model back from its run directory with nothing else given: the checkpoint's card names
 * the registry model, its options, the task and the input size (Tribuo-style provenance), so this
 * builds the model, initialises it and loads the parameters. Owns the native memory of the
 * parameters: close it when done.
 */
public final class TrainedModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrainedModel.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The two tasks a run can have trained. */
    public static final String CLASSIFICATION = "classification";
    public static final String SEGMENTATION = "segmentation";

    private final Path checkpoint;
    private final ModelCard card;
    private final NormalizedModel model;
    private final NDManager manager;
    private final String task;
    private final int inputSize;
    private final int stride;
    private final Thresholds thresholds;

    private TrainedModel(Path checkpoint, ModelCard card, NormalizedModel model, NDManager manager, String task,
            int inputSize, int stride, Thresholds thresholds) {
        this.checkpoint = checkpoint;
        this.card = card;
        this.model = model;
        this.manager = manager;
        this.task = task;
        this.inputSize = inputSize;
        this.stride = stride;
        this.thresholds = thresholds;
    }

    /** Loads the run's best checkpoint ({@code checkpoints/best.ckpt}). */
    public static TrainedModel load(Path runDir) throws IOException {
        return loadCheckpoint(Checkpoint.file(runDir, BestCheckpoint.NAME));
    }

    /** Loads any checkpoint a training pipeline wrote (best or last). */
    public static TrainedModel loadCheckpoint(Path file) throws IOException {
        OfflineEngine.start();
        CheckpointManifest manifest = Checkpoint.readManifest(file);
        ModelCard card = manifest.card();
        JsonNode config = card.config();
        if (config == null || !config.hasNonNull("task") || !config.hasNonNull("inputSize")
                || !config.hasNonNull("modelOptions")) {
            throw new InvalidDataException(file, "the checkpoint's card has no task/inputSize/modelOptions:"
                    + " it was not written by a training pipeline");
        }
        String task = config.get("task").asText();
        if (!task.equals(CLASSIFICATION) && !task.equals(SEGMENTATION)) {
            throw new InvalidDataException(file, "unknown task '" + task + "' in the checkpoint's card");
        }
        ModelOptions options = JSON.treeToValue(config.get("modelOptions"), ModelOptions.class);
        int inputSize = config.get("inputSize").asInt();
        int stride = config.path("stride").asInt(1);
        Thresholds thresholds = thresholds(file, card, task);
        NDManager manager = OfflineEngine.newManager();
        try {
            NormalizedModel model = Zoo.create(card.model(), options);
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 3, inputSize, inputSize));
            Checkpoint.read(file, model, manager).optimizerState().close();
            LOG.info("loaded {} ({}, {} px) from {}", card.model(), task, inputSize, file);
            return new TrainedModel(file, card, model, manager, task, inputSize, stride, thresholds);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Tuned thresholds from the card, else the run's thresholds.json, else 0.5 with argmax fallback. */
    private static Thresholds thresholds(Path file, ModelCard card, String task) throws IOException {
        if (!task.equals(CLASSIFICATION)) {
            return null;
        }
        if (card.thresholds() != null && !card.thresholds().isNull()) {
            return JSON.treeToValue(card.thresholds(), Thresholds.class);
        }
        Path beside = file.toAbsolutePath().getParent().getParent().resolve(Thresholds.FILE);
        if (Files.exists(beside)) {
            return Thresholds.load(beside);
        }
        LOG.warn("{} has no tuned thresholds: using 0.5 with the argmax fallback", file);
        return Thresholds.global(0.5f, VocClasses.COUNT, true);
    }

    /** The network: [0,1] NCHW pixels in, logits out. */
    public NormalizedModel model() {
        return model;
    }

    /** The manager holding the parameters; predictions may open sub-managers of it. */
    public NDManager manager() {
        return manager;
    }

    /** {@link #CLASSIFICATION} or {@link #SEGMENTATION}. */
    public String task() {
        return task;
    }

    public boolean isSegmentation() {
        return task.equals(SEGMENTATION);
    }

    /** The square side it was trained at: image size for classifiers, crop size for segmenters. */
    public int inputSize() {
        return inputSize;
    }

    /** Input sides must be multiples of this (segmenters' output stride; 1 for classifiers). */
    public int stride() {
        return stride;
    }

    /** The classifier's tuned per-class thresholds; null for a segmenter. */
    public Thresholds thresholds() {
        return thresholds;
    }

    /** The registry name and the rest of the card. */
    public ModelCard card() {
        return card;
    }

    public Path checkpoint() {
        return checkpoint;
    }

    /** A classification predictor over this model. */
    public ClassificationPredictor classifier(boolean flip) {
        if (isSegmentation()) {
            throw new IllegalArgumentException(checkpoint + ": a segmentation model, not a classifier");
        }
        return new ClassificationPredictor(model, inputSize, flip);
    }

    /** A segmentation predictor over this model, long side at the training crop size. */
    public SegmentationPredictor segmenter(boolean flip) {
        if (!isSegmentation()) {
            throw new IllegalArgumentException(checkpoint + ": a classifier, not a segmentation model");
        }
        return new SegmentationPredictor(model, inputSize, stride, flip);
    }

    @Override
    public void close() {
        manager.close();
    }
}
