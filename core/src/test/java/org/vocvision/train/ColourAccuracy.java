package org.vocvision.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vocvision.data.Batch;
import org.vocvision.data.BatchSource;
import org.vocvision.loss.WeightedBceLoss;
import org.vocvision.run.RunDir;
import org.vocvision.task.Evaluation;
import org.vocvision.task.Task;

/**
 * Test evaluation over {@link TinyData} batches: the loss, and for classification the fraction of correct
 * 0.5-threshold decisions on its three colour classes ({@code val_acc}).
 */
final class ColourAccuracy implements Evaluation {

    private final BatchSource data;
    private final Task task;
    private final Loss loss;

    private ColourAccuracy(BatchSource data, Task task, Loss loss) {
        this.data = data;
        this.task = task;
        this.loss = loss;
    }

    /** val_loss (plain BCE) and val_acc of a classifier. */
    static ColourAccuracy of(BatchSource data) {
        return new ColourAccuracy(data, Task.CLASSIFICATION, new WeightedBceLoss());
    }

    /** val_loss only. */
    static ColourAccuracy lossOnly(BatchSource data, Task task, Loss loss) {
        return new ColourAccuracy(data, task, loss);
    }

    @Override
    public LinkedHashMap<String, Double> evaluate(Block model, NDManager manager) {
        long correct = 0;
        long total = 0;
        double lossSum = 0;
        long samples = 0;
        try (BatchSource.EpochBatches batches = data.epoch(0)) {
            while (batches.hasNext()) {
                Batch batch = batches.next();
                try (NDManager step = manager.newSubManager()) {
                    NDArray logits = model.forward(new ParameterStore(step, false), new NDList(batch.images(step)), false).head();
                    lossSum += loss.evaluate(new NDList(task.labels(batch, step)), new NDList(logits)).getFloat() * batch.size();
                    samples += batch.size();
                    if (task == Task.CLASSIFICATION) {
                        float[] scores = logits.toFloatArray();
                        for (int i = 0; i < batch.size(); i++) {
                            for (int c = 0; c < 3; c++) {
                                boolean predicted = scores[i * 20 + c] > 0;
                                boolean truth = batch.targets()[i * 20 + c] > 0.5f;
                                correct += predicted == truth ? 1 : 0;
                                total++;
                            }
                        }
                    }
                }
            }
        }
        LinkedHashMap<String, Double> values = new LinkedHashMap<>();
        values.put("val_loss", lossSum / samples);
        if (task == Task.CLASSIFICATION) {
            values.put("val_acc", total == 0 ? Double.NaN : (double) correct / total);
        }
        return values;
    }

    @Override
    public String definition() {
        return "val_acc: share of correct 0.5-threshold decisions on the three colour classes";
    }

    @Override
    public Map<String, Double> finish(Block model, NDManager manager, RunDir dir) {
        return Map.of();
    }
}
