package org.vocvision.submit;

import java.util.Arrays;

/**
 * Gathers runs given in ascending order and merges touching ones, so a run that crosses from one
 * class plane into the next comes out as one run, as the template's flatten-then-diff does.
 */
final class RunCollector {

    private int[] starts = new int[16];
    private int[] lengths = new int[16];
    private int size;

    /** Adds the 0-based positions {@code start .. start + length - 1}; {@code start} must not precede earlier runs. */
    void add(int start, int length) {
        int oneBased = start + 1;
        if (size > 0) {
            int end = starts[size - 1] + lengths[size - 1];
            if (oneBased == end) {
                lengths[size - 1] += length;
                return;
            }
            if (oneBased < end) {
                throw new IllegalArgumentException("run at " + oneBased + " overlaps or precedes the run ending at " + (end - 1));
            }
        }
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            lengths = Arrays.copyOf(lengths, size * 2);
        }
        starts[size] = oneBased;
        lengths[size] = length;
        size++;
    }

    Runs runs() {
        return new Runs(Arrays.copyOf(starts, size), Arrays.copyOf(lengths, size));
    }
}
