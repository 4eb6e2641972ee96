package org.vocvision.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vocvision.data.Dataset;
import org.vocvision.data.DerivedSplits;
import org.vocvision.data.InvalidDataException;
import org.vocvision.data.VocClasses;
import org.vocvision.engine.OfflineEngine;
import org.vocvision.metric.Thresholds;
import org.vocvision.model.LoadOptions;
import org.vocvision.model.ModelOptions;
import org.vocvision.model.NormalizedModel;
import org.vocvision.model.SimpleSegmentationModel;
import org.vocvision.model.StateDict;
import org.vocvision.model.Zoo;
import org.vocvision.predict.ClassificationPredictor;
import org.vocvision.predict.SegmentationPredictor;
import org.vocvision.run.Checkpoint;
import org.vocvision.run.CheckpointManifest;
import org.vocvision.run.RunDir;
import org.vocvision.task.Task;

/**
 * A trained model back from its run directory with nothing else given: the checkpoint's card is the
 * {@link Recipe} it was trained with (Tribuo-style provenance), so this builds the registered model with
 * its options, initialises it and loads the parameters. Owns the native memory of the parameters: close
 * it when done.
 */
public final class TrainedModel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrainedModel.class);

    /** The split name under which a run's own held-out images are found in its data set. */
    public static final String HELD_OUT = "heldout";

    private final Path checkpoint;
    private final Recipe recipe;
    private final Thresholds thresholds;
    private final NormalizedModel model;
    private final NDManager manager;

    private TrainedModel(Path checkpoint, Recipe recipe, Thresholds thresholds, NormalizedModel model, NDManager manager) {
        this.checkpoint = checkpoint;
        this.recipe = recipe;
        this.thresholds = thresholds;
        this.model = model;
        this.manager = manager;
    }

    /** Loads the run's best checkpoint ({@code checkpoints/best.ckpt}). */
    public static TrainedModel load(Path runDir) throws IOException {
        return loadCheckpoint(new RunDir(runDir).best());
    }

    /** Loads any checkpoint a training run wrote (best or last). */
    public static TrainedModel loadCheckpoint(Path file) throws IOException {
        OfflineEngine.start();
        CheckpointManifest manifest = Checkpoint.readManifest(file);
        if (manifest.format() != CheckpointManifest.FORMAT || manifest.recipe() == null) {
            throw new InvalidDataException(file, "checkpoint format " + manifest.format() + " has no training recipe"
                    + " (this vocvision reads format " + CheckpointManifest.FORMAT + "): train the model again");
        }
        Recipe recipe;
        try {
            recipe = RunDir.JSON.treeToValue(manifest.recipe(), Recipe.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidDataException(file, "the checkpoint's recipe cannot be read: " + e.getMessage(), e);
        }
        Thresholds thresholds = manifest.thresholds() == null || manifest.thresholds().isNull() ? null
                : RunDir.JSON.treeToValue(manifest.thresholds(), Thresholds.class);
        NDManager manager = OfflineEngine.newManager();
        try {
            NormalizedModel model = Zoo.create(recipe.model(), recipe.modelOptions());
            int size = recipe.inputSize();
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 3, size, size));
            ExponentialMovingAverage.loadModel(file, model, manager);
            LOG.info("loaded {} ({}, {} px) from {}", recipe.model(), recipe.task().name(), size, file);
            return new TrainedModel(file, recipe, thresholds, model, manager);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * A registered model with a weight file (torchvision's {@code .pth}, a {@code weights export}, ...)
     * and no training run: every tensor must fit (torchvision's unused auxiliary head aside); a classifier
     * labels at 0.5 with the argmax fallback. Its recipe is the model's defaults, naming the weights; the
     * input size (a classifier's image side, a segmenter's long side) is the model's own unless given.
     */
    public static TrainedModel fromWeights(String name, ModelOptions options, Path weights, Integer inputSize)
            throws IOException {
        OfflineEngine.start();
        Recipe.Builder builder = Recipe.builder(name).optModelOptions(options).optWeights(weights.toString());
        if (inputSize != null) {
            builder.optInputSize(inputSize);
        }
        Recipe recipe = builder.build();
        NDManager manager = OfflineEngine.newManager();
        try {
            NormalizedModel model = Zoo.create(name, options);
            int size = recipe.inputSize();
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 3, size, size));
            StateDict.load(model.network(), weights, LoadOptions.strict().withUnused(SimpleSegmentationModel.AUX_PREFIX));
            LOG.info("loaded {} ({}) from {}", name, recipe.task().name(), weights);
            return new TrainedModel(weights, recipe, Thresholds.global(0.5f, VocClasses.COUNT, true), model, manager);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The network: [0,1] NCHW pixels in, logits out. */
    public NormalizedModel model() {
        return model;
    }

    /** The manager holding the parameters; predictions may open sub-managers of it. */
    public NDManager manager() {
        return manager;
    }

    /** How it was trained, and on what. */
    public Recipe recipe() {
        return recipe;
    }

    public Task task() {
        return recipe.task();
    }

    /** The square side it was trained at: image size for classifiers, crop size for segmenters. */
    public int inputSize() {
        return recipe.inputSize();
    }

    /** Input sides must be multiples of this (segmenters' output stride; 1 for classifiers). */
    public int stride() {
        return recipe.inputMultiple();
    }

    public Path checkpoint() {
        return checkpoint;
    }

    /**
     * The classifier's tuned per-class thresholds: from the checkpoint's card, else the run's
     * thresholds.json, else 0.5 with the argmax fallback (logged).
     */
    public Thresholds thresholds() {
        if (thresholds != null) {
            return thresholds;
        }
        Path beside = new RunDir(checkpoint.toAbsolutePath().getParent().getParent()).thresholds();
        if (Files.exists(beside)) {
            return Thresholds.load(beside);
        }
        LOG.warn("{} has no tuned thresholds: using 0.5 with the argmax fallback", checkpoint);
        return Thresholds.global(0.5f, VocClasses.COUNT, true);
    }

    /** A classification predictor over this model. */
    public ClassificationPredictor classifier(boolean flip) {
        return classifier(flip, 1);
    }

    /** A classification predictor with flip and mixed-size TTA (factors of the input side). */
    public ClassificationPredictor classifier(boolean flip, double... scales) {
        require(Task.CLASSIFICATION);
        return new ClassificationPredictor(model, inputSize(), flip, scales);
    }

    /** A segmentation predictor over this model, long side at the training crop size. */
    public SegmentationPredictor segmenter(boolean flip) {
        return segmenter(flip, 1);
    }

    /** A segmentation predictor with flip and mixed-size TTA (factors of the long side). */
    public SegmentationPredictor segmenter(boolean flip, double... scales) {
        require(Task.SEGMENTATION);
        return new SegmentationPredictor(model, inputSize(), stride(), flip, scales);
    }

    private void require(Task wanted) {
        if (task() != wanted) {
            throw new IllegalArgumentException(checkpoint + ": a " + task().name() + " model, not a " + wanted.name()
                    + " one");
        }
    }

    /**
     * {@code dataset} with this run's held-out images as split {@value #HELD_OUT}, and as {@code val} where the
     * data set has no val split of its own (the competition layout): exactly the images the run validated on
     * (a segmenter, those of them with masks). A data set the run did not train on (a new test set) comes
     * back as it is, without those splits.
     */
    public Dataset withHeldOut(Dataset dataset) {
        Provenance p = recipe.provenance();
        if (p == null || !dataset.splits().contains(p.split())) {
            return dataset;
        }
        try {
            new DerivedSplits(dataset, Map.of(HELD_OUT, new DerivedSplits.Subset(p.split(), p.valIds())));
        } catch (IllegalArgumentException e) {
            LOG.info("{} is not the data set run {} held images out of: {}", dataset.root(), checkpoint, e.getMessage());
            return dataset;
        }
        List<String> ids = p.valIds().stream().filter(id -> task().canLearnFrom(dataset, p.split(), id)).toList();
        DerivedSplits.Subset heldOut = new DerivedSplits.Subset(p.split(), ids);
        return new DerivedSplits(dataset, dataset.splits().contains("val") ? Map.of(HELD_OUT, heldOut)
                : Map.of(HELD_OUT, heldOut, "val", heldOut));
    }

    /** Where the run's held-out images came from, for messages: "split train of data/x (60 images)". */
    public String heldOutSource() {
        Provenance p = recipe.provenance();
        return p == null ? "nowhere recorded" : "split " + p.split() + " of " + p.data() + " (" + p.valIds().size() + " images)";
    }

    @Override
    public void close() {
        manager.close();
    }
}
