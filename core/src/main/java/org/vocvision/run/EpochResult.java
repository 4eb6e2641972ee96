package org.vocvision.run;

import java.util.LinkedHashMap;

/**
 * What one epoch produced: one row of history.csv.
 *
 * @param epoch 1-based epoch number
 * @param lr learning rate of the epoch's last step
 * @param trainLoss mean training loss over the epoch's samples
 * @param valLoss mean validation loss, NaN without validation data
 * @param metrics the validation metric's named values (first = main metric)
 * @param seconds wall time of the epoch including validation
 * @param rssMb the process's resident memory at the epoch's end in MiB (NaN off Linux): it must not
 *     grow from epoch to epoch
 */
public record EpochResult(int epoch, double lr, double trainLoss, double valLoss,
        LinkedHashMap<String, Double> metrics, double seconds, double rssMb) {

    public EpochResult {
        metrics = new LinkedHashMap<>(metrics);
    }

    /** An epoch whose memory was not measured. */
    public EpochResult(int epoch, double lr, double trainLoss, double valLoss, LinkedHashMap<String, Double> metrics,
            double seconds) {
        this(epoch, lr, trainLoss, valLoss, metrics, seconds, Double.NaN);
    }

    /** A monitored quantity by name: train_loss, val_loss, lr or a metric name. */
    public double get(String monitor) {
        return switch (monitor) {
            case "train_loss" -> trainLoss;
            case "val_loss" -> valLoss;
            case "lr" -> lr;
            default -> {
                Double value = metrics.get(monitor);
                if (value == null) {
                    throw new IllegalArgumentException("no quantity '" + monitor + "' to monitor; have train_loss, "
                            + "val_loss, lr" + (metrics.isEmpty() ? "" : ", " + String.join(", ", metrics.keySet())));
                }
                yield value;
            }
        };
    }

    /** The main metric's name (the first metric), or val_loss without metrics. */
    public String mainMetric() {
        return metrics.isEmpty() ? "val_loss" : metrics.keySet().iterator().next();
    }
}
