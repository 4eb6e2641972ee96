package org.vocvision.metric;

/**
 * One class's precision/recall curve as scikit-learn's {@code precision_recall_curve} computes it: one
 * point per distinct score, from the highest down (tied scores form one point), difficult samples left
 * out as {@link AveragePrecision} leaves them out. {@link AveragePrecision#SKLEARN} is the step sum over
 * these very points, so a report's curve and its AP cannot disagree.
 *
 * @param precision precision when every sample scoring at least {@code thresholds[k]} is predicted
 * @param recall recall at the same point (0 everywhere when the class has no positive)
 * @param thresholds the distinct scores, descending
 * @param positives positive (not difficult) samples
 * @param samples samples ranked (the difficult ones excluded)
 */
public record PrecisionRecallCurve(double[] precision, double[] recall, float[] thresholds, int positives, int samples) {

    /** The curve of one class's scores and devkit truth values (1, -1, 0 difficult). */
    public static PrecisionRecallCurve of(float[] scores, byte[] truth) {
        AveragePrecision.Ranking r = AveragePrecision.Ranking.of(scores, truth);
        return fromRanking(r.scores(), r.positive(), r.positives());
    }

    /** The curve from scores in descending order and whether each is a positive. */
    static PrecisionRecallCurve fromRanking(float[] ranked, boolean[] positive, int positives) {
        int distinct = 0;
        for (int k = 0; k < ranked.length; k++) {
            distinct += k == ranked.length - 1 || ranked[k + 1] != ranked[k] ? 1 : 0;
        }
        double[] precision = new double[distinct];
        double[] recall = new double[distinct];
        float[] thresholds = new float[distinct];
        int tp = 0;
        int point = 0;
        for (int k = 0; k < ranked.length; k++) {
            tp += positive[k] ? 1 : 0;
            if (k == ranked.length - 1 || ranked[k + 1] != ranked[k]) {
                precision[point] = (double) tp / (k + 1);
                recall[point] = positives == 0 ? 0 : (double) tp / positives;
                thresholds[point] = ranked[k];
                point++;
            }
        }
        return new PrecisionRecallCurve(precision, recall, thresholds, positives, ranked.length);
    }

    /** The share of positives among the samples ranked: the AP a random ranking reaches on average. */
    public double prevalence() {
        return samples == 0 ? Double.NaN : (double) positives / samples;
    }
}
