package org.vocvision.metric;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The three common definitions of one class's average precision. Every definition first drops the
 * difficult samples, as the VOC devkit does ({@code VOCevalcls.m}: a difficult image is neither a
 * true nor a false positive, which leaves the precision/recall points those of the remaining images).
 *
 * <p>Truth values follow the devkit's ground truth files: {@code 1} positive, {@code -1} negative,
 * {@code 0} difficult.
 */
public enum AveragePrecision {

    /**
     * VOC2007-2009: the mean of the best precision at recall at least t, for t = 0, 0.1, ..., 1
     * (11 points; t is k / 10 exactly, so a recall of exactly 0.3 reaches t = 0.3).
     * NaN for a class with no positive sample (recall is undefined).
     */
    VOC2007_11_POINT {
        @Override
        double fromDevkitCurve(double[][] pr) {
            double ap = 0;
            for (int k = 0; k <= 10; k++) {
                double t = k / 10.0;
                double best = 0;
                for (int i = 0; i < pr[0].length; i++) {
                    if (pr[1][i] >= t) {
                        best = Math.max(best, pr[0][i]);
                    }
                }
                ap += best / 11;
            }
            return ap;
        }
    },

    /**
     * VOC2010 on ({@code VOCap.m}): the area under the precision envelope, the precision at each
     * recall replaced by the best precision at that recall or above. NaN for a class with no
     * positive sample.
     */
    VOC2010_AREA {
        @Override
        double fromDevkitCurve(double[][] pr) {
            int n = pr[0].length;
            double[] envelope = new double[n + 2];
            double[] recall = new double[n + 2];
            for (int i = 0; i < n; i++) {
                envelope[i + 1] = pr[0][i];
                recall[i + 1] = pr[1][i];
            }
            recall[n + 1] = 1;
            for (int i = n; i >= 0; i--) {
                envelope[i] = Math.max(envelope[i], envelope[i + 1]);
            }
            double ap = 0;
            for (int i = 1; i < n + 2; i++) {
                if (recall[i] != recall[i - 1]) {
                    ap += (recall[i] - recall[i - 1]) * envelope[i];
                }
            }
            return ap;
        }
    },

    /**
     * scikit-learn's {@code average_precision_score}: sum over distinct score thresholds of
     * (R_n - R_(n-1)) P_n, with tied scores forming one threshold and no interpolation. Like
     * scikit-learn, 0 for a class with no positive sample.
     */
    SKLEARN {
        @Override
        double fromRanking(float[] ranked, boolean[] positive, int positives) {
            if (positives == 0) {
                return 0; // scikit-learn warns and sets recall to 1 everywhere, which makes every step 0
            }
            // sklearn.metrics._ranking._binary_clf_curve: the thresholds are the distinct scores
            PrecisionRecallCurve curve = PrecisionRecallCurve.fromRanking(ranked, positive, positives);
            double ap = 0;
            double previousRecall = 0;
            for (int k = 0; k < curve.recall().length; k++) {
                ap += (curve.recall()[k] - previousRecall) * curve.precision()[k];
                previousRecall = curve.recall()[k];
            }
            return ap;
        }
    };

    /** The definition's AP of one class from its scores and devkit truth values (1, -1, 0 difficult). */
    public double compute(float[] scores, byte[] truth) {
        Ranking r = Ranking.of(scores, truth);
        return fromRanking(r.scores(), r.positive(), r.positives());
    }

    /**
     * One class's ranking as every definition sees it: difficult samples dropped, scores in descending
     * order (devkit: {@code [so, si] = sort(-out)}, a stable sort, so tied scores keep the images' order).
     */
    record Ranking(float[] scores, boolean[] positive, int positives) {
        static Ranking of(float[] scores, byte[] truth) {
            if (scores.length != truth.length) {
                throw new IllegalArgumentException(scores.length + " scores but " + truth.length + " truth values");
            }
            Integer[] order = IntStream.range(0, scores.length).filter(i -> truth[i] != 0).boxed().toArray(Integer[]::new);
            Arrays.sort(order, Comparator.comparingDouble(i -> -scores[i]));
            float[] ranked = new float[order.length];
            boolean[] positive = new boolean[order.length];
            int positives = 0;
            for (int k = 0; k < order.length; k++) {
                ranked[k] = scores[order[k]];
                positive[k] = truth[order[k]] > 0;
                positives += positive[k] ? 1 : 0;
            }
            return new Ranking(ranked, positive, positives);
        }
    }

    /**
     * AP from the scores sorted in descending order and whether each is a positive; as the VOC
     * definitions compute it: NaN without positives, else from the devkit's precision/recall points.
     */
    double fromRanking(float[] ranked, boolean[] positive, int positives) {
        return positives == 0 ? Double.NaN : fromDevkitCurve(precisionRecall(positive, positives));
    }

    /** A VOC definition's AP from {@link #precisionRecall}'s points (at least one positive). */
    double fromDevkitCurve(double[][] pr) {
        throw new UnsupportedOperationException(name() + " computes AP from the ranking itself");
    }

    /** Precision and recall after each ranked sample, as the devkit's cumsum computes them. */
    static double[][] precisionRecall(boolean[] positive, int positives) {
        double[] precision = new double[positive.length];
        double[] recall = new double[positive.length];
        int tp = 0;
        for (int k = 0; k < positive.length; k++) {
            tp += positive[k] ? 1 : 0;
            precision[k] = (double) tp / (k + 1);
            recall[k] = (double) tp / positives;
        }
        return new double[][] {precision, recall};
    }
}
