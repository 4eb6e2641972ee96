package org.vocvision.metric;

import org.vocvision.data.VocClasses;

/**
 * The competition's per-image score (docs/DATA.md): the Dice coefficient
 * 2|A∩B| / (|A| + |B|) between predicted and true positions, 1 when both are empty.
 */
public final class ImageDice {

    private ImageDice() {}

    /** Dice of the predicted and true class sets of one image: its per-image F1. */
    public static double classification(boolean[] truth, boolean[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " true labels but " + predicted.length + " predicted");
        }
        int both = 0;
        int sizes = 0;
        for (int c = 0; c < truth.length; c++) {
            both += truth[c] && predicted[c] ? 1 : 0;
            sizes += (truth[c] ? 1 : 0) + (predicted[c] ? 1 : 0);
        }
        return sizes == 0 ? 1.0 : 2.0 * both / sizes;
    }

    /**
     * Dice of one image's segmentation row, from its H x W masks: the positions are the pixels of
     * class 1..20 in their class's plane, so the intersection is the foreground pixels where the
     * prediction equals the truth. A void (255) truth pixel is no position, and a prediction on it
     * is not counted (the scorer's rule, {@code submit.Scorer}).
     */
    public static double segmentation(byte[] truth, byte[] predicted) {
        return segmentation(truth, predicted, 0, truth.length);
    }

    /** {@link #segmentation(byte[], byte[])} of the {@code length} pixels from {@code offset}: one image of a batch. */
    static double segmentation(byte[] truth, byte[] predicted, int offset, int length) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " true pixels but " + predicted.length + " predicted");
        }
        long both = 0;
        long sizes = 0;
        for (int i = offset, end = offset + length; i < end; i++) {
            int t = truth[i] & 0xFF;
            if (t == VocClasses.VOID) {
                continue;
            }
            int p = predicted[i] & 0xFF;
            boolean trueForeground = t >= 1 && t <= VocClasses.COUNT;
            boolean predictedForeground = p >= 1 && p <= VocClasses.COUNT;
            sizes += (trueForeground ? 1 : 0) + (predictedForeground ? 1 : 0);
            both += trueForeground && p == t ? 1 : 0;
        }
        return sizes == 0 ? 1.0 : 2.0 * both / sizes;
    }
}
