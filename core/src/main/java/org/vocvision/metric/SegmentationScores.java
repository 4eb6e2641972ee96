package org.vocvision.metric;

/**
 * Segmentation scores over a set of images.
 *
 * @param meanIou the mean IoU over classes present or predicted (background included)
 * @param pixelAccuracy the fraction of non-void pixels right
 * @param meanClassAccuracy the mean per-class recall over present classes
 * @param frequencyWeightedIou IoU weighted by class frequency
 * @param dice the competition's segmentation half: the mean per-image Dice ({@link ImageDice})
 * @param classIou IoU per class, background first (NaN for a class neither present nor predicted)
 * @param images the number of images
 */
public record SegmentationScores(double meanIou, double pixelAccuracy, double meanClassAccuracy,
        double frequencyWeightedIou, double dice, double[] classIou, int images) {}
