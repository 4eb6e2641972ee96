package org.vocvision.attack;

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
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vocvision.data.Batch;
import org.vocvision.engine.Gradients;

/**
 * A generative attack (Poursaeed et al. 2018, "Generative adversarial perturbations"; Baluja and
 * Fischer 2018): a small CNN G, trained with the target model frozen, maps an image to its own
 * perturbation eps * tanh(G(x)), so |delta| &lt; eps by construction; afterwards it perturbs unseen
 * images in one forward pass, no gradients needed.
 *
 * <p>Only G's parameters are given to the optimiser; the model runs with training=false and its
 * gradient buffers are cleared after each step, so its weights and statistics never change. Holds
 * native memory: close it.
 */
public final class GeneratorAttack implements Attack, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GeneratorAttack.class);

    private final NDManager manager;
    private final Block generator;
    private final float eps;

    private GeneratorAttack(NDManager manager, Block generator, float eps) {
        this.manager = manager;
        this.generator = generator;
        this.eps = eps;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public NDArray perturb(Block model, NDArray images, Goal goal) {
        try (NDManager scope = images.getManager().newSubManager()) {
            NDArray adversarial = apply(new ParameterStore(scope, false), images, false);
            adversarial.attach(images.getManager());
            return adversarial;
        }
    }

    private NDArray apply(ParameterStore store, NDArray images, boolean training) {
        NDArray raw = generator.forward(store, new NDList(images), training).head();
        // eps as an array of the images' manager, alive until backward: a Java-number operand of mul
        // is freed too early on DJL 0.36 (see LabelGoal.bce)
        return images.add(raw.tanh().mul(images.getManager().create(eps))).clip(0f, 1f);
    }

    /** The generator network, for inspection. */
    public Block generator() {
        return generator;
    }

    @Override
    public String name() {
        return "generator";
    }

    @Override
    public void close() {
        manager.close();
    }

    /** The generator's width and training schedule. */
    public static final class Builder {
        private double eps = 8.0 / 255;
        private int channels = 16;
        private int epochs = 5;
        private double learningRate = 1e-3;

        public Builder setEps(double eps) {
            this.eps = eps;
            return this;
        }

        /** Width of the generator's hidden layers. */
        public Builder optChannels(int channels) {
            this.channels = channels;
            return this;
        }

        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** Adam's learning rate. */
        public Builder optLearningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /**
         * Trains a generator against {@code model} on {@code batches} (iterated once per epoch).
         *
         * @param goals the goal of each batch, whose objective the generator ascends
         */
        public GeneratorAttack train(Block model, Iterable<Batch> batches, Function<UniversalPerturbation.BatchInManager, Goal> goals) {
            if (!(eps > 0) || channels < 1 || epochs < 1 || !(learningRate > 0)) {
                throw new IllegalArgumentException("generator attack needs eps > 0, channels >= 1, epochs >= 1, learning rate > 0; got eps="
                        + eps + " channels=" + channels + " epochs=" + epochs + " lr=" + learningRate);
            }
            NDManager manager = Engine.getInstance().newBaseManager();
            Block generator = new SequentialBlock()
                    .add(conv(3, channels)).add(Activation.reluBlock())
                    .add(conv(3, channels)).add(Activation.reluBlock())
                    .add(conv(1, 3));
            generator.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            GeneratorAttack attack = new GeneratorAttack(manager, generator, (float) eps);
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) learningRate)).build();
            for (int epoch = 0; epoch < epochs; epoch++) {
                long start = System.nanoTime();
                double objective = 0;
                int count = 0;
                for (Batch batch : batches) {
                    try (NDManager step = manager.newSubManager()) {
                        // a copy owned by libtorch: on CPU DJL wraps a Java buffer (from_blob) and autograd
                        // saves this input for the backward pass
                        NDArray x = batch.images(step).duplicate();
                        Goal goal = goals.apply(new UniversalPerturbation.BatchInManager(batch, step));
                        ParameterStore store = new ParameterStore(step, false);
                        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                            NDArray adversarial = attack.apply(store, x, true);
                            NDArray gain = goal.objective(InputGradient.forward(model, adversarial), Double.NaN);
                            collector.backward(gain.neg()); // the optimiser descends; the generator ascends the objective
                            objective += gain.getFloat();
                            count++;
                        }
                        boolean finite = true;
                        for (Pair<String, Parameter> p : generator.getParameters()) {
                            NDArray gradient = p.getValue().getArray().getGradient();
                            finite &= !gradient.isNaN().logicalOr(gradient.isInfinite()).any().getBoolean();
                        }
                        if (!finite) {
                            // see InputGradient.finite: one NaN update would ruin the generator for good
                            LOG.warn("generator epoch {}: non-finite gradient, batch skipped", epoch + 1);
                        }
                        for (Pair<String, Parameter> p : generator.getParameters()) {
                            NDArray weight = p.getValue().getArray();
                            NDArray gradient = weight.getGradient();
                            if (finite) {
                                adam.update(p.getValue().getId(), weight, gradient);
                            }
                            // libtorch accumulates gradients: clear for the next batch, NaN included
                            Gradients.zero(gradient);
                        }
                        InputGradient.clearParameterGradients(model);
                    }
                }
                LOG.info("generator epoch {}: mean objective {} over {} batches in {} ms", epoch + 1,
                        String.format("%.4f", objective / Math.max(1, count)), count, (System.nanoTime() - start) / 1_000_000);
            }
            return attack;
        }

        private static Block conv(int kernel, int filters) {
            return Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optPadding(new Shape(kernel / 2, kernel / 2))
                    .setFilters(filters).build();
        }
    }
}
