package org.vocvision.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import java.util.ArrayList;
import java.util.List;
import org.vocvision.data.Batch;
import org.vocvision.engine.Gradients;
import org.vocvision.task.Task;
import org.vocvision.engine.OfflineEngine;
import org.vocvision.engine.ProcessMemory;
import org.vocvision.model.NormalizedModel;
import org.vocvision.model.Zoo;
import org.vocvision.train.Sgd;
import org.vocvision.train.TrainableParameter;

/**
 * A model case's train step and inference, defined exactly as {@code bench/torch_bench.py} defines
 * them: a random batch in [0,1] (normalisation is part of vocvision's models), a train step =
 * zero the gradients, forward, loss (BCE with logits or cross-entropy ignoring 255), backward,
 * SGD with momentum 0.9; inference = forward in eval mode without gradients. Each step's arrays live
 * in a sub-manager closed after the step, as in {@code train.Fit}.
 */
public final class ModelBenchmark {

    private ModelBenchmark() {}

    /** {@code <name>_train} and {@code <name>_infer}, each with the peak resident memory of its own phase. */
    public static List<Measurement> run(BenchCase c, StepTimer timer) {
        OfflineEngine.start();
        try (NDManager manager = OfflineEngine.newManager()) {
            Engine.getInstance().setRandomSeed(0);
            NormalizedModel model = Zoo.create(c.model(), c.options());
            Shape input = new Shape(c.batch(), 3, c.size(), c.size());
            model.initialize(manager, DataType.FLOAT32, input);
            NDArray x = manager.randomUniform(0, 1, input);
            Task task = c.task();
            NDArray target = task.labels(randomBatch(c), manager);
            Loss loss = task.loss(null, 0, 0); // unweighted, as torch_bench.py's

            List<TrainableParameter> parameters = trainable(model);
            Sgd sgd = new Sgd(0.9, false, 0);
            ParameterStore store = new ParameterStore(manager, false);

            double trainStart = ProcessMemory.residentMb();
            ProcessMemory.resetPeak();
            double train = timer.medianSeconds(() -> {
                try (NDManager step = manager.newSubManager()) {
                    // the batch joins the step's scope for the step, so everything made from it dies with it
                    x.tempAttach(step);
                    target.tempAttach(step);
                    for (TrainableParameter p : parameters) {
                        try (NDArray gradient = p.parameter().getArray().getGradient()) {
                            Gradients.zero(gradient);
                        }
                    }
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray logits = model.forward(store, new NDList(x), true).head();
                        collector.backward(loss.evaluate(new NDList(target), new NDList(logits)));
                    }
                    sgd.step(parameters, 1e-3);
                }
            });
            List<Measurement> out = new ArrayList<>();
            out.add(Measurement.of(c.name() + "_train", c.batch(), c.size(), train, ProcessMemory.peakResidentMb(),
                    trainStart));

            double inferStart = ProcessMemory.residentMb();
            ProcessMemory.resetPeak();
            double infer = timer.medianSeconds(() -> {
                try (NDManager step = manager.newSubManager()) {
                    x.tempAttach(step);
                    model.forward(new ParameterStore(step, false), new NDList(x), false);
                }
            });
            out.add(Measurement.of(c.name() + "_infer", c.batch(), c.size(), infer, ProcessMemory.peakResidentMb(),
                    inferStart));
            return out;
        }
    }

    /** Random truth for both tasks: about one class in five present, and a random 21-class mask. */
    private static Batch randomBatch(BenchCase c) {
        java.util.Random random = new java.util.Random(0);
        float[] targets = new float[c.batch() * 20];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = random.nextFloat() > 0.8f ? 1 : 0;
        }
        byte[] masks = new byte[c.batch() * c.size() * c.size()];
        for (int i = 0; i < masks.length; i++) {
            masks[i] = (byte) random.nextInt(21);
        }
        List<String> ids = java.util.stream.IntStream.range(0, c.batch()).mapToObj(Integer::toString).toList();
        return new Batch(ids, c.size(), c.size(), null, targets, masks);
    }

    /** Every parameter but batch norm's running statistics, as torch's {@code model.parameters()}. */
    private static List<TrainableParameter> trainable(NormalizedModel model) {
        List<TrainableParameter> out = new ArrayList<>();
        var parameters = model.getParameters();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.valueAt(i);
            if (p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR) {
                out.add(new TrainableParameter(parameters.keyAt(i), p, 1.0, false));
            }
        }
        return out;
    }
}
