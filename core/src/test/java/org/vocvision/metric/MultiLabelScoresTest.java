package org.vocvision.metric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vocvision.data.InvalidDataException;
import org.vocvision.data.Label;

/** Expected values: src/test/python/sklearn_reference.py (Debian python3-sklearn 1.2), its Y and S arrays. */
class MultiLabelScoresTest {

    static final boolean[][] Y = rows(new int[][] {{1, 0, 0, 1}, {0, 1, 0, 1}, {1, 1, 0, 0}, {0, 0, 0, 1}, {1, 0, 0, 0},
            {0, 1, 0, 1}, {0, 0, 0, 0}, {1, 0, 0, 1}, {0, 0, 0, 0}});
    static final float[][] S = {{0.9f, 0.3f, 0.1f, 0.9f}, {0.4f, 0.8f, 0.2f, 0.8f}, {0.4f, 0.6f, 0.3f, 0.1f},
            {0.4f, 0.2f, 0.1f, 0.7f}, {0.7f, 0.5f, 0.0f, 0.2f}, {0.1f, 0.1f, 0.4f, 0.95f}, {0.7f, 0.5f, 0.2f, 0.3f},
            {0.2f, 0.3f, 0.1f, 0.6f}, {0.1f, 0.1f, 0.1f, 0.1f}};

    @TempDir Path dir;

    static boolean[][] rows(int[][] values) {
        boolean[][] b = new boolean[values.length][];
        for (int i = 0; i < values.length; i++) {
            b[i] = new boolean[values[i].length];
            for (int c = 0; c < values[i].length; c++) {
                b[i][c] = values[i][c] == 1;
            }
        }
        return b;
    }

    static float[] column(float[][] values, int c) {
        float[] column = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            column[i] = values[i][c];
        }
        return column;
    }

    /** Y and S added as one batch. */
    static MultiLabelEvaluator evaluator() {
        MultiLabelEvaluator evaluator = new MultiLabelEvaluator(4);
        float[] scores = new float[S.length * 4];
        float[] targets = new float[S.length * 4];
        for (int i = 0; i < S.length; i++) {
            for (int c = 0; c < 4; c++) {
                scores[i * 4 + c] = S[i][c];
                targets[i * 4 + c] = Y[i][c] ? 1 : 0;
            }
        }
        evaluator.add(scores, targets);
        return evaluator;
    }

    @Test
    void matchesScikitLearnAtAGlobalThreshold() {
        MultiLabelScores s = evaluator().scores(Thresholds.global(0.5f, 4, false));
        assertEquals(0.75, s.f1Micro(), 1e-12);
        assertEquals(0.5357142857142858, s.f1Macro(), 1e-12);
        assertEquals(0.6296296296296295, s.f1Samples(), 1e-12);
        assertEquals(0.16666666666666666, s.hammingLoss(), 1e-12);
        assertEquals(0.4444444444444444, s.subsetAccuracy(), 1e-12);
        assertArrayEquals(new double[] {0.5714285714285715, 0.5714285714285715, 0.0, 1.0}, s.classF1(), 1e-12);
        assertArrayEquals(new double[] {0.4, 0.4, 0.0, 1.0}, s.classJaccard(), 1e-12);
        // the competition's Dice differs from F1 'samples' only on image 8 (no label, no prediction): 1 instead of 0
        assertEquals(0.6296296296296295 + 1.0 / 9, s.dice(), 1e-12);
    }

    @Test
    void batchesOfNdArraysEqualPlainArrays() {
        MultiLabelEvaluator fromArrays = new MultiLabelEvaluator(4);
        try (ai.djl.ndarray.NDManager manager = org.vocvision.engine.OfflineEngine.newManager()) {
            for (int start = 0; start < S.length; start += 4) {
                int n = Math.min(4, S.length - start);
                float[] scores = new float[n * 4];
                float[] targets = new float[n * 4];
                for (int i = 0; i < n; i++) {
                    for (int c = 0; c < 4; c++) {
                        scores[i * 4 + c] = S[start + i][c];
                        targets[i * 4 + c] = Y[start + i][c] ? 1 : 0;
                    }
                }
                fromArrays.add(manager.create(scores, new ai.djl.ndarray.types.Shape(n, 4)), targets);
            }
        }
        assertEquals(9, fromArrays.size());
        assertArrayEquals(evaluator().averagePrecision(AveragePrecision.SKLEARN), fromArrays.averagePrecision(AveragePrecision.SKLEARN), 0);
        assertEquals(0.75, fromArrays.scores(Thresholds.global(0.5f, 4, false)).f1Micro(), 1e-12);
    }

    @Test
    void perfectPredictionsMatchScikitLearn() {
        MultiLabelScores s = MultiLabelScores.of(Y, Y);
        assertEquals(0.75, s.f1Macro(), 1e-12); // the all-negative class scores 0 (zero_division)
        assertEquals(0.0, s.hammingLoss(), 0);
        assertEquals(1.0, s.subsetAccuracy(), 0);
        assertEquals(1.0, s.dice(), 0);
    }

    @Test
    void argmaxFallbackGivesEveryImageAClass() {
        MultiLabelScores s = evaluator().scores(Thresholds.global(0.5f, 4, true));
        // only image 8 had no class at 0.5; its tied scores give it class 0, which is wrong
        assertEquals(3.0 / 9, s.subsetAccuracy(), 1e-12);
        assertEquals(0.6296296296296295, s.dice(), 1e-12);
        assertArrayEquals(new boolean[] {false, true, false, false}, Thresholds.global(0.9f, 4, true).apply(new float[] {0.1f, 0.8f, 0.2f, 0.3f}));
    }

    @Test
    void tunedThresholdsMaximiseEachClassF1() {
        // worked by hand from S and Y: class 0's best cut predicts scores >= 0.2 (F1 8/11; next lower score
        // 0.1), class 1's >= 0.6 (F1 0.8; next 0.5), class 2 has no positive (keeps 0.5), class 3 is
        // separable at 0.6 (F1 1; next 0.3): each threshold midway to the next lower score
        Thresholds t = evaluator().tuneThresholds(false);
        assertArrayEquals(new float[] {0.15f, 0.55f, 0.5f, 0.45f}, t.values(), 1e-6f);
        MultiLabelScores s = evaluator().scores(t);
        assertEquals(8.0 / 11, s.classF1()[0], 1e-12);
        assertEquals(0.8, s.classF1()[1], 1e-12);
        assertEquals(1.0, s.classF1()[3], 1e-12);
    }

    @Test
    void difficultLabelsAreSkippedWhenTuning() {
        MultiLabelEvaluator e = new MultiLabelEvaluator(1);
        e.add(new float[] {0.9f}, new Label[] {Label.DIFFICULT});
        e.add(new float[] {0.8f}, new Label[] {Label.PRESENT});
        e.add(new float[] {0.3f}, new Label[] {Label.ABSENT});
        assertArrayEquals(new float[] {0.55f}, e.tuneThresholds(false).values(), 1e-6f); // between 0.8 and 0.3
        // the best cut takes every image: half the lowest score
        MultiLabelEvaluator all = new MultiLabelEvaluator(1);
        all.add(new float[] {0.6f}, new Label[] {Label.ABSENT});
        all.add(new float[] {0.4f}, new Label[] {Label.PRESENT});
        assertArrayEquals(new float[] {0.2f}, all.tuneThresholds(false).values(), 1e-6f);
        assertEquals(1.0, e.averagePrecision(AveragePrecision.VOC2010_AREA)[0], 0);
        assertThrows(IllegalArgumentException.class, () -> e.add(new float[] {0.5f}, new Label[] {Label.UNKNOWN}));
    }

    @Test
    void thresholdsRoundTripThroughJson() throws Exception {
        Thresholds t = new Thresholds(new float[] {0.2f, 0.6f, 0.5f, 0.65f}, true);
        Path file = dir.resolve("run").resolve("thresholds.json");
        t.save(file);
        assertEquals(t, Thresholds.load(file));
        assertTrue(Files.readString(file).contains("\"argmaxFallback\" : true"));
        Files.writeString(file, "{\"values\": [], \"argmaxFallback\": false}");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> Thresholds.load(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertThrows(InvalidDataException.class, () -> Thresholds.load(dir.resolve("missing.json")));
    }
}
