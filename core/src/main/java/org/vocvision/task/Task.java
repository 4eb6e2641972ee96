package org.vocvision.task;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.loss.Loss;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.vocvision.attack.Goal;
import org.vocvision.attack.RobustnessEvaluation;
import org.vocvision.data.AugmentOptions;
import org.vocvision.data.Batch;
import org.vocvision.data.Dataset;
import org.vocvision.data.Label;
import org.vocvision.metric.Thresholds;

/**
 * What a model is trained to predict, and everything that follows from it: the classes, a batch's
 * labels, the default loss and augmentation, how validation measures the model (the same way predict
 * does), the attack's goal, success rule and metric. Only {@link Classification} and
 * {@link Segmentation} know which task they are; no other package branches on the task.
 */
public sealed interface Task permits Classification, Segmentation {

    /** Multi-label classification: (N, 20) logits, one sigmoid per VOC class. */
    Classification CLASSIFICATION = new Classification();
    /** Semantic segmentation: (N, 21, H, W) logits, softmax over background + 20 classes; 255 is void. */
    Segmentation SEGMENTATION = new Segmentation();

    /** Both tasks. */
    List<Task> ALL = List.of(CLASSIFICATION, SEGMENTATION);

    /** The task of a name as {@link #name()} writes it. */
    @com.fasterxml.jackson.annotation.JsonCreator
    static Task named(String name) {
        for (Task t : ALL) {
            if (t.name().equals(name.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown task '" + name + "'; valid: classification, segmentation");
    }

    /** {@code classification} or {@code segmentation}, as config.json and attack.json write it. */
    @com.fasterxml.jackson.annotation.JsonValue
    String name();

    /** The model's output classes, in output order. */
    List<String> classes();

    /** Whether an image can be trained and validated on: labelled (classification), with a mask (segmentation). */
    boolean canLearnFrom(Dataset dataset, String split, String id);

    /** What {@link #canLearnFrom} accepts, in words for messages: "labelled images", "images with masks". */
    String learnableImages();

    /** The batch's labels for the loss, in the (per-step) manager. */
    NDArray labels(Batch batch, NDManager manager);

    /**
     * The default loss: BCE with each class's pos_weight from {@code trainLabels} (classification),
     * cross-entropy ignoring void plus an optional Dice term (segmentation). Null labels: no class weighting.
     */
    Loss loss(List<Label[]> trainLabels, float labelSmoothing, float diceWeight);

    /**
     * The recipe's defaults for this task, per situation. From scratch, both tasks train with AdamW, a
     * one-epoch warm-up and cosine decay, at the rates measured against plain PyTorch scripts in
     * docs/RECIPES.md; from pretrained weights ({@code --weights}) they follow the references, which could not
     * be measured offline: classifiers fine-tune with AdamW at a tenth of the scratch rate, segmenters with SGD
     * and the poly schedule (DeepLab, torchvision's segmentation reference).
     */
    TrainingDefaults trainingDefaults(boolean pretrained);

    /** The default training augmentation. */
    AugmentOptions augmentation();

    /** The name of the main validation metric in history.csv and metrics.json ({@code val_map}, {@code val_miou}). */
    String metric();

    /**
     * Measures a model on held-out images exactly as predict sees them, every epoch and at the end.
     *
     * @param inputSize the model's input side (classifier) or the long side it segments at (segmenter)
     * @param stride input sides must be multiples of it (segmenters)
     * @param tta horizontal-flip averaging, as predict uses it
     * @param scales mixed-size TTA: factors of the input side whose probabilities are averaged ({1}: none)
     * @param loss the training loss, evaluated on the plain (un-augmented) outputs
     */
    Evaluation evaluation(Dataset dataset, String split, List<String> ids, int inputSize, int stride, boolean tta,
            double[] scales, Loss loss);

    /** The goal type the attacks pursue on this task's logits. */
    Class<? extends Goal> goalType();

    /**
     * Each attacked batch's goal: untargeted on its truth, or {@code target} in the task's words
     * ({@code add:cat,remove:person} for labels; {@code vanish:CLASS}, {@code paint:CLASS} for masks).
     */
    RobustnessEvaluation.GoalMaker goals(String target);

    /** The untargeted goal of a training batch (adversarial training). */
    Goal goal(Batch batch, NDManager manager);

    /** The task metric measured under attack (the same definition as validation's). */
    Supplier<RobustnessEvaluation.Metric> attackMetric();

    /** A short name of the metric for tables and charts: {@code mAP}, {@code mIoU}. */
    String metricLabel();

    /** The classes of the task's published pretrained weights: 1000 (ImageNet classifiers), 21 (VOC segmenters). */
    int publishedClasses();

    /** What a model of this task is called in messages and the serve API: {@code classifier}, {@code segmenter}. */
    String role();

    /** A bare class name as this task's natural attack target: {@code add:cat} (labels), {@code paint:cat} (masks). */
    String targetOf(String className);

    /**
     * The (height, width) a model of this task sees an image at: the classifier's square input, the segmenter's
     * long side {@code inputSize} with sides multiples of {@code stride}.
     */
    int[] networkSize(int height, int width, int inputSize, int stride);

    /**
     * The model's own prediction as a batch's truth, for untargeted attacks on an image that has none: the
     * labels at {@code thresholds} (classification) or the argmax mask (segmentation).
     */
    Batch predictionAsTruth(List<String> ids, int height, int width, float[] pixels, NDArray logits,
            Thresholds thresholds);
}
