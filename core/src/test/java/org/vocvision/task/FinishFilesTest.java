package org.vocvision.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.vocvision.data.Label;
import org.vocvision.data.VocClasses;
import org.vocvision.metric.ConfusionMatrix;
import org.vocvision.metric.MultiLabelEvaluator;

/** per_class.json and confusion.json: the numbers the report draws, checked against hand-worked cases. */
class FinishFilesTest {

    /**
     * Five images. Aeroplane ranked +, -, +, -, + (scores 0.9 .. 0.5): AP (1 + 2/3 + 3/5) / 3 (scikit-learn's
     * step sum, no ties). Bicycle: one positive ranked first: AP 1. Every other class has no positive: AP 0,
     * prevalence 0. Chance mAP = (3/5 + 1/5) / 20.
     */
    @Test
    void perClassHoldsTheApOfEachClassAndTheChanceMap() {
        MultiLabelEvaluator e = new MultiLabelEvaluator(VocClasses.COUNT);
        float[] aeroplane = {0.9f, 0.8f, 0.7f, 0.6f, 0.5f};
        boolean[] present = {true, false, true, false, true};
        for (int i = 0; i < 5; i++) {
            float[] scores = new float[VocClasses.COUNT];
            Label[] labels = new Label[VocClasses.COUNT];
            Arrays.fill(labels, Label.ABSENT);
            scores[0] = aeroplane[i];
            labels[0] = present[i] ? Label.PRESENT : Label.ABSENT;
            scores[1] = i == 0 ? 0.99f : 0.1f;
            labels[1] = i == 0 ? Label.PRESENT : Label.ABSENT;
            e.add(scores, labels);
        }
        ObjectNode json = Classification.LabelEvaluation.perClass(e, "test");
        JsonNode classes = json.get("classes");
        assertEquals(20, classes.size());
        assertEquals("aeroplane", classes.get(0).get("name").asText());
        assertEquals((1 + 2.0 / 3 + 0.6) / 3, classes.get(0).get("ap").asDouble(), 1e-12);
        assertEquals(3, classes.get(0).get("positives").asInt());
        assertEquals(0.6, classes.get(0).get("prevalence").asDouble(), 1e-12);
        assertEquals(1.0, classes.get(1).get("ap").asDouble(), 1e-12);
        assertEquals(0.0, classes.get(2).get("ap").asDouble(), 0);
        assertEquals(((1 + 2.0 / 3 + 0.6) / 3 + 1) / 20, json.get("map").asDouble(), 1e-12);
        assertEquals((0.6 + 0.2) / 20, json.get("chance_map").asDouble(), 1e-12);
        // the curve's last point is recall 1 at precision 3/5
        JsonNode recall = classes.get(0).get("recall");
        assertEquals(1.0, recall.get(recall.size() - 1).asDouble(), 1e-12);
        assertEquals(0.6, classes.get(0).get("precision").get(recall.size() - 1).asDouble(), 1e-12);
    }

    /**
     * Five pixels, truth 0, 1, 1, 0, void; predicted 0, 1, 0, 2, 2. IoU background 1 / (2 + 2 - 1) = 1/3,
     * aeroplane 1 / (2 + 1 - 1) = 1/2, bicycle 0 (only predicted): mIoU 5/18. All-background: background
     * 2 / 4, aeroplane 0, bicycle neither present nor predicted (left out): 1/4.
     */
    @Test
    void confusionHoldsTheMatrixItsIouAndTheAllBackgroundBaseline() {
        ConfusionMatrix m = new ConfusionMatrix();
        m.update(new int[] {0, 1, 1, 0, 255}, new int[] {0, 1, 0, 2, 2});
        JsonNode json = Segmentation.MaskEvaluation.confusion(m);
        assertEquals(21, json.get("classes").size());
        assertEquals("background", json.get("classes").get(0).asText());
        assertEquals(1, json.get("matrix").get(1).get(0).asLong());
        assertEquals(1, json.get("matrix").get(1).get(1).asLong());
        assertEquals(1, json.get("matrix").get(0).get(2).asLong(), "the void pixel is not counted");
        assertEquals(1.0 / 3, json.get("iou").get(0).asDouble(), 1e-12);
        assertEquals(0.5, json.get("iou").get(1).asDouble(), 1e-12);
        assertEquals(0.0, json.get("iou").get(2).asDouble(), 0);
        assertTrue(json.get("iou").get(5).isNull(), "absent and not predicted: null");
        assertEquals(5.0 / 18, json.get("miou").asDouble(), 1e-12);
        assertEquals(0.25, json.get("all_background_miou").asDouble(), 1e-12);
        assertEquals(0.5, json.get("all_background_pixel_accuracy").asDouble(), 1e-12);
    }
}
