package org.vocvision.train;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import org.vocvision.data.Batch;

/** Test metric: fraction of correct 0.5-threshold decisions on the three colour classes of {@link TinyData}. */
final class ColourAccuracy implements ValidationMetric {

    private long correct;
    private long total;

    @Override
    public void reset() {
        correct = 0;
        total = 0;
    }

    @Override
    public void update(Batch batch, NDArray logits) {
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

    @Override
    public LinkedHashMap<String, Double> compute() {
        LinkedHashMap<String, Double> values = new LinkedHashMap<>();
        values.put("val_acc", total == 0 ? Double.NaN : (double) correct / total);
        return values;
    }
}
