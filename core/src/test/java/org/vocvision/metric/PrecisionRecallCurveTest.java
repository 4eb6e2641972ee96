package org.vocvision.metric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vocvision.data.Label;

/** The PR curve the report draws is the one scikit-learn's AP sums; the baselines the report reads against. */
class PrecisionRecallCurveTest {

    /**
     * Worked by hand: ranked truth +, (-, + tied at 0.8), -, +, 3 positives. Distinct thresholds 0.9, 0.8, 0.6,
     * 0.5 give precision 1, 2/3, 2/4, 3/5 at recall 1/3, 2/3, 2/3, 1. AP = 1/3 * 1 + 1/3 * 2/3 + 0 + 1/3 * 3/5
     * (scikit-learn: average_precision_score([1,0,1,0,1], [.9,.8,.8,.6,.5]) = 0.7556).
     */
    @Test
    void tiedScoresFormOnePointAndTheStepSumIsTheAp() {
        float[] scores = {0.9f, 0.8f, 0.8f, 0.6f, 0.5f};
        byte[] truth = {1, -1, 1, -1, 1};
        PrecisionRecallCurve curve = PrecisionRecallCurve.of(scores, truth);
        assertArrayEquals(new double[] {1, 2.0 / 3, 0.5, 0.6}, curve.precision(), 1e-12);
        assertArrayEquals(new double[] {1.0 / 3, 2.0 / 3, 2.0 / 3, 1}, curve.recall(), 1e-12);
        assertArrayEquals(new float[] {0.9f, 0.8f, 0.6f, 0.5f}, curve.thresholds());
        assertEquals(3, curve.positives());
        assertEquals(0.6, curve.prevalence(), 1e-12);
        assertEquals((1 + 2.0 / 3 + 0.6) / 3, AveragePrecision.SKLEARN.compute(scores, truth), 1e-12);
    }

    @Test
    void difficultSamplesAreNotRankedAndAClassWithoutPositivesHasRecallZero() {
        PrecisionRecallCurve curve = PrecisionRecallCurve.of(new float[] {0.7f, 0.4f, 0.2f}, new byte[] {0, -1, -1});
        assertEquals(2, curve.samples());
        assertEquals(0, curve.positives());
        assertArrayEquals(new double[] {0, 0}, curve.recall(), 0);
        assertEquals(0.0, curve.prevalence(), 0);
    }

    /**
     * Chance mAP = mean prevalence. Class 0: present, absent, absent, difficult -> 1 of 3 ranked; class 1:
     * present, present, absent, absent -> 2 of 4: (1/3 + 1/2) / 2 = 5/12.
     */
    @Test
    void chanceMapIsTheMeanPrevalenceWithDifficultLeftOut() {
        MultiLabelEvaluator e = new MultiLabelEvaluator(2);
        e.add(new float[] {0.1f, 0.9f}, new Label[] {Label.PRESENT, Label.PRESENT});
        e.add(new float[] {0.2f, 0.8f}, new Label[] {Label.ABSENT, Label.PRESENT});
        e.add(new float[] {0.3f, 0.7f}, new Label[] {Label.ABSENT, Label.ABSENT});
        e.add(new float[] {0.4f, 0.6f}, new Label[] {Label.DIFFICULT, Label.ABSENT});
        assertEquals(5.0 / 12, e.chanceMeanAveragePrecision(), 1e-12);
        assertEquals(1.0, e.averagePrecision(AveragePrecision.SKLEARN)[1], 1e-12);
        assertEquals(e.curve(1).recall().length, 4);
    }

    /**
     * All-background baseline, by hand: truth 0,0,0,1,1,2 (+ one void). Everything predicted 0: IoU of
     * background 3 / (3 + 3) = 0.5, of classes 1 and 2 zero: mIoU 1/6, pixel accuracy 1/2. A class absent
     * from the truth stays out of the mean: truth 0,0,1 gives (2/3 + 0) / 2.
     */
    @Test
    void allBackgroundMatrixMovesEveryRowToColumnZero() {
        ConfusionMatrix m = new ConfusionMatrix(3);
        m.update(new int[] {0, 0, 0, 1, 1, 2, 255}, new int[] {0, 1, 0, 1, 2, 2, 1});
        ConfusionMatrix background = m.ifAllPredicted(0);
        assertEquals(3, background.count(0, 0));
        assertEquals(2, background.count(1, 0));
        assertEquals(0, background.count(1, 1));
        assertEquals(1.0 / 6, background.meanIou(), 1e-12);
        assertEquals(0.5, background.pixelAccuracy(), 1e-12);
        ConfusionMatrix partial = new ConfusionMatrix(3);
        partial.update(new int[] {0, 0, 1}, new int[] {1, 1, 1});
        ConfusionMatrix b = partial.ifAllPredicted(0);
        assertTrue(Double.isNaN(b.iou()[2]));
        assertEquals((2.0 / 3) / 2, b.meanIou(), 1e-12);
    }
}
