package org.vocvision.attack;

import org.vocvision.engine.Gradients;
import org.vocvision.task.Task;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.Random;

/**
 * Tiny models trained in a second on synthetic images whose colour decides the labels, so attacks
 * have a real decision boundary to cross.
 */
public final class TinyNets {

    public static final int SIZE = 8;
    public static final int CLASSES = 3;

    private TinyNets() {}

    /** Classifier: label k is present when channel k's mean brightness is above 0.5. */
    static Block classifier(NDManager manager) {
        Block block = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(8).build())
                .add(Activation.reluBlock())
                .add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(CLASSES).build());
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, SIZE, SIZE));
        return block;
    }

    /** Segmenter over background + 2 classes: a pixel is class k (1, 2) when channel k-1 is the brightest and > 0.5. */
    static Block segmenter(NDManager manager) {
        Block block = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(8).build())
                .add(Activation.reluBlock())
                .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(3).build());
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, SIZE, SIZE));
        return block;
    }

    /** Images with one colour per image (plus small noise); labels from the colour. */
    public static NDList colourImages(NDManager manager, int n, long seed) {
        Random random = new Random(seed);
        float[] images = new float[n * 3 * SIZE * SIZE];
        float[] labels = new float[n * CLASSES];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                float level = random.nextFloat();
                labels[i * CLASSES + c] = level > 0.5f ? 1 : 0;
                for (int p = 0; p < SIZE * SIZE; p++) {
                    float v = level + (random.nextFloat() - 0.5f) * 0.1f;
                    images[(i * 3 + c) * SIZE * SIZE + p] = Math.min(1f, Math.max(0f, v));
                }
            }
        }
        return new NDList(manager.create(images, new Shape(n, 3, SIZE, SIZE)), manager.create(labels, new Shape(n, CLASSES)));
    }

    /** Images of two colour regions (left and right halves) per image; masks from the colours. */
    public static NDList regionImages(NDManager manager, int n, long seed) {
        Random random = new Random(seed);
        float[] images = new float[n * 3 * SIZE * SIZE];
        long[] masks = new long[n * SIZE * SIZE];
        for (int i = 0; i < n; i++) {
            for (int half = 0; half < 2; half++) {
                int kind = random.nextInt(3); // 0 dark background, 1 red, 2 green
                float strength = 0.6f + 0.4f * random.nextFloat();
                for (int y = 0; y < SIZE; y++) {
                    for (int x = half * SIZE / 2; x < (half + 1) * SIZE / 2; x++) {
                        int p = y * SIZE + x;
                        for (int c = 0; c < 3; c++) {
                            float v = random.nextFloat() * 0.2f;
                            if (kind > 0 && c == kind - 1) {
                                v = strength;
                            }
                            images[(i * 3 + c) * SIZE * SIZE + p] = v;
                        }
                        masks[i * SIZE * SIZE + p] = kind;
                    }
                }
            }
        }
        return new NDList(manager.create(images, new Shape(n, 3, SIZE, SIZE)), manager.create(masks, new Shape(n, SIZE, SIZE)));
    }

    /** Adam on the attack objective's negation (= BCE or CE), full batch. */
    public static void train(Block block, NDList data, Task task, int steps, float learningRate) {
        Engine.getInstance().setRandomSeed(7);
        Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build();
        NDArray images = data.get(0);
        NDArray truth = data.get(1);
        for (int s = 0; s < steps; s++) {
            try (NDManager step = images.getManager().newSubManager()) {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray logits = block.forward(new ParameterStore(step, false), new NDList(images), true).head();
                    collector.backward(TinyNets.away(task, truth).objective(logits, Double.NaN));
                }
                for (Pair<String, Parameter> p : block.getParameters()) {
                    NDArray weight = p.getValue().getArray();
                    NDArray gradient = weight.getGradient();
                    adam.update(p.getValue().getId(), weight, gradient);
                    Gradients.zero(gradient);
                }
            }
        }
    }

    /** The untargeted goal of a task on its truth. */
    static Goal away(Task task, NDArray truth) {
        return task == Task.SEGMENTATION ? MaskGoal.away(truth) : LabelGoal.away(truth, 0.5);
    }

    /** Data batches of a classification set (targets hold CLASSES values per image, not 20). */
    static java.util.List<org.vocvision.data.Batch> batches(NDList data, int batchSize) {
        float[] images = data.get(0).toFloatArray();
        float[] labels = data.get(1).toFloatArray();
        int n = (int) data.get(0).getShape().get(0);
        int per = 3 * SIZE * SIZE;
        java.util.List<org.vocvision.data.Batch> out = new java.util.ArrayList<>();
        for (int start = 0; start < n; start += batchSize) {
            int end = Math.min(n, start + batchSize);
            java.util.List<String> ids = new java.util.ArrayList<>();
            for (int i = start; i < end; i++) {
                ids.add("img" + i);
            }
            out.add(new org.vocvision.data.Batch(ids, SIZE, SIZE,
                    java.util.Arrays.copyOfRange(images, start * per, end * per),
                    java.util.Arrays.copyOfRange(labels, start * CLASSES, end * CLASSES), null));
        }
        return out;
    }

    /** The untargeted goal of a {@link #batches} batch. */
    static Goal untargeted(UniversalPerturbation.BatchInManager b) {
        return LabelGoal.away(b.manager().create(b.batch().targets(), new Shape(b.batch().size(), CLASSES)), 0.5);
    }

    /** 0/1 predictions of a classifier at threshold 0.5 on the sigmoid (logit 0). */
    static NDArray predictedLabels(Block model, NDArray images) {
        return InputGradient.forward(model, images).gt(0f).toType(DataType.FLOAT32, false);
    }
}
