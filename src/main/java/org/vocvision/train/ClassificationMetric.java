package org.vocvision.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vocvision.data.Batch;
import org.vocvision.data.Label;
import org.vocvision.data.VocClasses;
import org.vocvision.metric.AveragePrecision;
import org.vocvision.metric.MultiLabelEvaluator;
import org.vocvision.metric.Thresholds;

/**
 * Multi-label validation: {@code val_map} (scikit-learn's average precision of the sigmoid
 * probabilities, the competition's notebook metric) and {@code val_f1} (per-sample F1 at 0.5).
 * Given the validation images' labels, a VOC "difficult" label is left out of AP as the devkit does;
 * without them the batch's 0/1 targets are used (difficult counts as present there).
 */
public final class ClassificationMetric implements ValidationMetric {

    private final Map<String, Label[]> labels;
    private MultiLabelEvaluator evaluator = new MultiLabelEvaluator(VocClasses.COUNT);

    /** Scores against each batch's 0/1 targets. */
    public ClassificationMetric() {
        this(Map.of());
    }

    /** Scores against these labels, by image id (difficult excluded from AP). */
    public ClassificationMetric(Map<String, Label[]> labels) {
        this.labels = Map.copyOf(labels);
    }

    @Override
    public void reset() {
        evaluator = new MultiLabelEvaluator(VocClasses.COUNT);
    }

    @Override
    public void update(Batch batch, NDArray logits) {
        float[] p = Activation.sigmoid(logits).toFloatArray();
        if (labels.isEmpty()) {
            evaluator.add(p, batch.targets());
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Label[] imageLabels = labels.get(batch.ids().get(i));
            if (imageLabels == null) {
                throw new IllegalArgumentException("no labels for validation image " + batch.ids().get(i));
            }
            float[] row = new float[VocClasses.COUNT];
            System.arraycopy(p, i * VocClasses.COUNT, row, 0, VocClasses.COUNT);
            evaluator.add(row, imageLabels);
        }
    }

    @Override
    public LinkedHashMap<String, Double> compute() {
        LinkedHashMap<String, Double> m = new LinkedHashMap<>();
        m.put("val_map", evaluator.meanAveragePrecision(AveragePrecision.SKLEARN));
        m.put("val_f1", evaluator.scores(Thresholds.global(0.5f, VocClasses.COUNT, false)).f1Samples());
        return m;
    }
}
