package org.vocvision.metric;

/**
 * Thresholded multi-label classification scores, defined as scikit-learn defines them (a 0/0 ratio
 * counts as 0, scikit-learn's default {@code zero_division}), plus the competition's per-image Dice.
 *
 * @param f1Micro F1 of the pooled true/false positives and negatives ({@code f1_score(average='micro')})
 * @param f1Macro the mean of the per-class F1 ({@code average='macro'})
 * @param f1Samples the mean of the per-image F1, 0 for an image with no true and no predicted label
 *     ({@code average='samples'})
 * @param hammingLoss the fraction of wrong image-class decisions
 * @param subsetAccuracy the fraction of images whose whole label set is right
 * @param dice the competition's classification half: per-image F1, but 1 when both sets are empty
 * @param classF1 F1 per class
 * @param classJaccard IoU per class ({@code jaccard_score(average=None)})
 */
public record MultiLabelScores(double f1Micro, double f1Macro, double f1Samples, double hammingLoss,
        double subsetAccuracy, double dice, double[] classF1, double[] classJaccard) {

    /**
     * The scores of {@code predicted} against {@code truth}, both N images x C classes.
     *
     * @throws IllegalArgumentException on no images or mismatched shapes
     */
    public static MultiLabelScores of(boolean[][] truth, boolean[][] predicted) {
        if (truth.length == 0 || truth.length != predicted.length) {
            throw new IllegalArgumentException("need the same, non-zero number of true and predicted rows, got "
                    + truth.length + " and " + predicted.length);
        }
        int classes = truth[0].length;
        long[] tp = new long[classes];
        long[] fp = new long[classes];
        long[] fn = new long[classes];
        double f1Samples = 0;
        double dice = 0;
        long wrong = 0;
        int exact = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i].length != classes || predicted[i].length != classes) {
                throw new IllegalArgumentException("row " + i + " has " + truth[i].length + " true and "
                        + predicted[i].length + " predicted labels, expected " + classes);
            }
            int rowTp = 0;
            int rowWrong = 0;
            int rowSizes = 0;
            for (int c = 0; c < classes; c++) {
                boolean t = truth[i][c];
                boolean p = predicted[i][c];
                if (t && p) {
                    tp[c]++;
                    rowTp++;
                } else if (p) {
                    fp[c]++;
                    rowWrong++;
                } else if (t) {
                    fn[c]++;
                    rowWrong++;
                }
                rowSizes += (t ? 1 : 0) + (p ? 1 : 0);
            }
            f1Samples += ratio(2.0 * rowTp, rowSizes);
            dice += ImageDice.classification(truth[i], predicted[i]);
            wrong += rowWrong;
            exact += rowWrong == 0 ? 1 : 0;
        }
        double[] f1 = new double[classes];
        double[] jaccard = new double[classes];
        long sumTp = 0;
        long sumErrors = 0;
        double f1Sum = 0;
        for (int c = 0; c < classes; c++) {
            f1[c] = ratio(2.0 * tp[c], 2 * tp[c] + fp[c] + fn[c]);
            jaccard[c] = ratio(tp[c], tp[c] + fp[c] + fn[c]);
            f1Sum += f1[c];
            sumTp += tp[c];
            sumErrors += fp[c] + fn[c];
        }
        int n = truth.length;
        return new MultiLabelScores(ratio(2.0 * sumTp, 2 * sumTp + sumErrors), f1Sum / classes, f1Samples / n,
                (double) wrong / ((long) n * classes), (double) exact / n, dice / n, f1, jaccard);
    }

    /** scikit-learn's zero_division default: 0/0 is 0. */
    private static double ratio(double numerator, double denominator) {
        return denominator == 0 ? 0.0 : numerator / denominator;
    }
}
