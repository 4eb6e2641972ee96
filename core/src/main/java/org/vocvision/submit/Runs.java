package org.vocvision.submit;

import java.util.Arrays;

/**
 * A set of positions written as runs, the decoded form of one submission field: run {@code k} covers
 * the 1-based positions {@code starts[k] .. starts[k] + lengths[k] - 1}. Runs are ascending and
 * never overlap ({@link RunLengthEncoding#decode} checks it).
 */
public record Runs(int[] starts, int[] lengths) {

    static final Runs EMPTY = new Runs(new int[0], new int[0]);

    public Runs {
        if (starts.length != lengths.length) {
            throw new IllegalArgumentException(starts.length + " starts but " + lengths.length + " lengths");
        }
    }

    /** Number of runs. */
    public int size() {
        return starts.length;
    }

    public boolean isEmpty() {
        return starts.length == 0;
    }

    /** Number of positions covered. */
    public long positions() {
        long n = 0;
        for (int len : lengths) {
            n += len;
        }
        return n;
    }

    /** The covered positions as a 0/1 array of {@code length} (position p is index p - 1). */
    public boolean[] toBits(int length) {
        boolean[] bits = new boolean[length];
        for (int k = 0; k < starts.length; k++) {
            if (starts[k] - 1 + lengths[k] > length) {
                throw new IllegalArgumentException("run " + starts[k] + " " + lengths[k] + " ends beyond position " + length);
            }
            Arrays.fill(bits, starts[k] - 1, starts[k] - 1 + lengths[k], true);
        }
        return bits;
    }

    /** The runs in the template's text form: {@code start length} pairs separated by single spaces. */
    public String encode() {
        StringBuilder text = new StringBuilder(starts.length * 12);
        for (int k = 0; k < starts.length; k++) {
            if (k > 0) {
                text.append(' ');
            }
            text.append(starts[k]).append(' ').append(lengths[k]);
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Runs r && Arrays.equals(starts, r.starts) && Arrays.equals(lengths, r.lengths);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(starts) + Arrays.hashCode(lengths);
    }

    @Override
    public String toString() {
        return "Runs[" + encode() + "]";
    }
}
