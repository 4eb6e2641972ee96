package org.vocvision.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vocvision.data.InvalidDataException;
import org.vocvision.run.Checkpoint;

/**
 * An exponential moving average of a model's weights, timm's {@code ModelEmaV2} (used by the ConvNeXt
 * authors' fine-tuning, {@code --model_ema}): starts as a copy of the model and after every optimiser step
 * becomes {@code ema = d * ema + (1 - d) * w} for EVERY tensor of the model, batch-norm running means and
 * variances included (ModelEmaV2 averages the whole state_dict, buffers too, rather than copying them).
 * Tensors that do not change (a frozen backbone) stay as they are up to rounding.
 *
 * <p>Validated and checkpointed as a model of its own: {@link #swapIn()} puts the average into the model's
 * arrays (keeping the training weights aside) and {@link #swapOut()} puts the training weights back, both
 * exact copies; {@link #state()} and {@link #load} carry it through a checkpoint bit for bit.
 */
public final class ExponentialMovingAverage implements AutoCloseable {

    private static final NDIndex ALL = new NDIndex("...");

    private final double decay;
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, NDArray> averages = new LinkedHashMap<>();
    private List<NDArray> aside;

    /** Starts the average at the model's current weights (the model must be initialised). */
    public ExponentialMovingAverage(Block model, double decay) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("--ema must be in (0, 1), got " + decay);
        }
        this.decay = decay;
        var all = model.getParameters();
        for (int i = 0; i < all.size(); i++) {
            NDArray copy = all.valueAt(i).getArray().duplicate();
            NDScope.unregister(copy);
            parameters.put(all.keyAt(i), all.valueAt(i));
            averages.put(all.keyAt(i), copy);
        }
    }

    public double decay() {
        return decay;
    }

    /** One step of the average: {@code ema = d * ema + (1 - d) * w}, in place. */
    public void update() {
        if (aside != null) {
            throw new IllegalStateException("the average is swapped into the model: swap it out before updating");
        }
        try (NDScope scope = new NDScope()) {
            for (Map.Entry<String, NDArray> entry : averages.entrySet()) {
                NDArray weight = parameters.get(entry.getKey()).getArray();
                entry.getValue().muli(decay).addi(weight.mul(1 - decay));
            }
            scope.suppressNotUsedWarning();
        }
    }

    /** Puts the average into the model's parameters, keeping the training weights aside. */
    public void swapIn() {
        if (aside != null) {
            throw new IllegalStateException("the average is already swapped in");
        }
        List<NDArray> kept = new ArrayList<>();
        for (Map.Entry<String, NDArray> entry : averages.entrySet()) {
            NDArray weight = parameters.get(entry.getKey()).getArray();
            NDArray copy = weight.duplicate();
            NDScope.unregister(copy);
            kept.add(copy);
            weight.set(ALL, entry.getValue());
        }
        aside = kept;
    }

    /** Puts the training weights back after {@link #swapIn()}. */
    public void swapOut() {
        if (aside == null) {
            throw new IllegalStateException("the average is not swapped in");
        }
        int i = 0;
        for (String name : averages.keySet()) {
            NDArray kept = aside.get(i++);
            parameters.get(name).getArray().set(ALL, kept);
            kept.close();
        }
        aside = null;
    }

    /** Copies of the averages named by parameter, for a checkpoint; the caller closes them. */
    public NDList state() {
        return NamedArrays.copies(averages);
    }

    /** Restores what {@link #state()} returned (from a checkpoint file, named in errors): every tensor, exactly. */
    public void load(NDList saved, Path file) {
        Map<String, NDArray> byName = new LinkedHashMap<>();
        saved.forEach(a -> byName.put(a.getName(), a));
        for (Map.Entry<String, NDArray> entry : averages.entrySet()) {
            NDArray array = byName.get(entry.getKey());
            if (array == null || !array.getShape().equals(entry.getValue().getShape())) {
                throw new InvalidDataException(file, "the weights' moving average has no tensor "
                        + entry.getKey() + " of shape " + entry.getValue().getShape() + ": a checkpoint of another model?");
            }
            entry.getValue().set(ALL, array);
        }
    }

    /**
     * Loads a checkpoint's model into {@code model}: its moving average of the weights when it kept one (the
     * model it validated), else its weights.
     */
    static void loadModel(Path file, Block model, NDManager manager) throws IOException {
        Checkpoint.Contents contents = Checkpoint.read(file, model, manager);
        contents.optimizerState().close();
        if (contents.ema() == null) {
            return;
        }
        try (NDList saved = contents.ema()) {
            Map<String, NDArray> byName = new LinkedHashMap<>();
            saved.forEach(a -> byName.put(a.getName(), a));
            var all = model.getParameters();
            for (int i = 0; i < all.size(); i++) {
                NDArray weight = all.valueAt(i).getArray();
                NDArray average = byName.get(all.keyAt(i));
                if (average == null || !average.getShape().equals(weight.getShape())) {
                    throw new InvalidDataException(file, "the weights' moving average has no tensor " + all.keyAt(i)
                            + " of shape " + weight.getShape() + ": a checkpoint of another model?");
                }
                weight.set(ALL, average);
            }
        }
    }

    @Override
    public void close() {
        averages.values().forEach(NDArray::close);
        if (aside != null) {
            aside.forEach(NDArray::close);
        }
    }
}
