package org.vocvision.submit;

/**
 * A submission's score as Kaggle computes it, with its parts.
 *
 * @param dice the mean Dice over all rows: the competition's score
 * @param classification the mean Dice over the classification rows (per-image F1 of the 20 labels)
 * @param segmentation the mean Dice over the segmentation rows
 * @param rows the number of rows scored (two per image)
 * @param classF1 per class, F1 of the classification rows pooled over all images (NaN for a class
 *     neither predicted nor present)
 * @param classIoU per class, IoU of the segmentation positions pooled over all images (NaN for a
 *     class neither predicted nor present)
 */
public record Score(double dice, double classification, double segmentation, int rows, double[] classF1, double[] classIoU) {}
