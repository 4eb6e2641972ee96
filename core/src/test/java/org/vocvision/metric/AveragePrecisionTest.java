package org.vocvision.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AveragePrecisionTest {

    /**
     * Worked by hand: ranked truth +, -, +, -, + (3 positives) gives precision 1, 1/2, 2/3, 1/2, 3/5
     * at recall 1/3, 1/3, 2/3, 2/3, 1. 11-point: t = 0..0.3 reach precision 1 (4 points), t = 0.4..0.6
     * reach 2/3 (3 points), t = 0.7..1 only 3/5 (4 points): (4 + 2 + 2.4) / 11. Area under the
     * envelope: (1 + 2/3 + 3/5) / 3.
     */
    private static final float[] SCORES = {0.9f, 0.8f, 0.7f, 0.6f, 0.5f};
    private static final byte[] TRUTH = {1, -1, 1, -1, 1};

    @Test
    void voc2007ElevenPointWorkedByHand() {
        assertEquals(8.4 / 11, AveragePrecision.VOC2007_11_POINT.compute(SCORES, TRUTH), 1e-12);
    }

    @Test
    void voc2010AreaWorkedByHand() {
        assertEquals((1 + 2.0 / 3 + 0.6) / 3, AveragePrecision.VOC2010_AREA.compute(SCORES, TRUTH), 1e-12);
        // no ties: scikit-learn's step sum meets the envelope's area at every recall step here
        assertEquals((1 + 2.0 / 3 + 0.6) / 3, AveragePrecision.SKLEARN.compute(SCORES, TRUTH), 1e-12);
    }

    @Test
    void difficultSamplesAreSkipped() {
        // a difficult image ranked first and one ranked in the middle change nothing
        float[] scores = {0.95f, 0.9f, 0.8f, 0.75f, 0.7f, 0.6f, 0.5f};
        byte[] truth = {0, 1, -1, 0, 1, -1, 1};
        for (AveragePrecision method : AveragePrecision.values()) {
            assertEquals(method.compute(SCORES, TRUTH), method.compute(scores, truth), 1e-12, method.name());
        }
    }

    @Test
    void undefinedAndPerfectClasses() {
        float[] scores = {0.3f, 0.2f, 0.1f};
        byte[] none = {-1, -1, -1};
        assertTrue(Double.isNaN(AveragePrecision.VOC2007_11_POINT.compute(scores, none)));
        assertTrue(Double.isNaN(AveragePrecision.VOC2010_AREA.compute(scores, none)));
        assertEquals(0.0, AveragePrecision.SKLEARN.compute(scores, none), 0);
        byte[] perfect = {1, 1, -1};
        for (AveragePrecision method : AveragePrecision.values()) {
            assertEquals(1.0, method.compute(scores, perfect), 1e-12, method.name());
        }
    }

    @Test
    void matchesScikitLearnWithTiesAllNegativeAndPerfectClasses() {
        MultiLabelEvaluator evaluator = MultiLabelScoresTest.evaluator();
        // src/test/python/sklearn_reference.py: average_precision_score(Y, S, average=None) and 'macro'
        double[] expected = {0.6845238095238095, 0.7777777777777777, 0.0, 1.0};
        double[] ap = evaluator.averagePrecision(AveragePrecision.SKLEARN);
        for (int c = 0; c < 4; c++) {
            assertEquals(expected[c], ap[c], 1e-12, "class " + c);
        }
        assertEquals(0.6155753968253967, evaluator.meanAveragePrecision(AveragePrecision.SKLEARN), 1e-12);
        // the VOC definitions leave the all-negative class out of the mean
        double[] voc = evaluator.averagePrecision(AveragePrecision.VOC2010_AREA);
        assertTrue(Double.isNaN(voc[2]));
        assertEquals((voc[0] + voc[1] + voc[3]) / 3, evaluator.meanAveragePrecision(AveragePrecision.VOC2010_AREA), 1e-12);
    }

    @Test
    void difficultImagesMatchScikitLearnOnTheRest() {
        // sklearn_reference.py: class 0 AP without images 1 and 4 = 0.7
        float[] scores = MultiLabelScoresTest.column(MultiLabelScoresTest.S, 0);
        byte[] truth = new byte[scores.length];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = (byte) (MultiLabelScoresTest.Y[i][0] ? 1 : -1);
        }
        truth[1] = 0;
        truth[4] = 0;
        assertEquals(0.7, AveragePrecision.SKLEARN.compute(scores, truth), 1e-12);
    }
}
