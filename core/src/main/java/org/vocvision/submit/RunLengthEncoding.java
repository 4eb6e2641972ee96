package org.vocvision.submit;

import java.util.Arrays;
import org.vocvision.data.Mask;
import org.vocvision.data.VocClasses;

/**
 * The competition template's run-length encoding ({@code _rle_encode}, docs/DATA.md):
 * flatten in C order, pad a 0 at both ends, and write each run of 1s as {@code start length} with
 * 1-based starts, all separated by single spaces; an all-zero array is the empty string.
 */
public final class RunLengthEncoding {

    private RunLengthEncoding() {}

    /** The encoding of a flattened 0/1 array. */
    public static String encode(boolean[] bits) {
        return runsOf(bits).encode();
    }

    /** The runs of a flattened 0/1 array. */
    public static Runs runsOf(boolean[] bits) {
        RunCollector runs = new RunCollector();
        int i = 0;
        while (i < bits.length) {
            if (!bits[i]) {
                i++;
                continue;
            }
            int j = i + 1;
            while (j < bits.length && bits[j]) {
                j++;
            }
            runs.add(i, j - i);
            i = j;
        }
        return runs.runs();
    }

    /**
     * The segmentation field of a mask: the encoding of the (20, H, W) stack whose plane c - 1 is
     * {@code mask == c}, computed from the H x W mask in one pass without building the stack.
     * Values outside 1..20 (background, void) are in no plane, as in the template.
     */
    public static String encodeSegmentation(Mask mask) {
        return segmentationRuns(mask).encode();
    }

    /** The runs of the (20, H, W) stack of {@code mask} (see {@link #encodeSegmentation}). */
    public static Runs segmentationRuns(Mask mask) {
        byte[] v = mask.values();
        int planeSize = v.length;
        checkStackFits(mask.height(), mask.width());
        // one pass over the mask collects each class's runs inside its plane; writing the planes
        // in class order then gives the stack's runs in ascending order
        int[][] classRuns = new int[VocClasses.COUNT + 1][];
        int[] classRunCount = new int[VocClasses.COUNT + 1];
        int i = 0;
        while (i < planeSize) {
            byte value = v[i];
            int j = i + 1;
            while (j < planeSize && v[j] == value) {
                j++;
            }
            int c = value & 0xFF;
            if (c >= 1 && c <= VocClasses.COUNT) {
                int n = classRunCount[c];
                if (classRuns[c] == null) {
                    classRuns[c] = new int[16];
                } else if (2 * n + 2 > classRuns[c].length) {
                    classRuns[c] = Arrays.copyOf(classRuns[c], classRuns[c].length * 2);
                }
                classRuns[c][2 * n] = i;
                classRuns[c][2 * n + 1] = j - i;
                classRunCount[c] = n + 1;
            }
            i = j;
        }
        RunCollector runs = new RunCollector();
        for (int c = 1; c <= VocClasses.COUNT; c++) {
            int base = (c - 1) * planeSize;
            for (int k = 0; k < classRunCount[c]; k++) {
                runs.add(base + classRuns[c][2 * k], classRuns[c][2 * k + 1]);
            }
        }
        return runs.runs();
    }

    /**
     * Parses a field into runs, checking it as the validator needs: integers separated by single
     * spaces, in {@code start length} pairs, starts at least 1, lengths at least 1, runs ascending
     * and not overlapping, and none ending past {@code positions}.
     *
     * @throws IllegalArgumentException naming the first problem
     */
    public static Runs decode(String field, long positions) {
        if (field.isEmpty()) {
            return Runs.EMPTY;
        }
        String[] tokens = field.split(" ", -1);
        for (String token : tokens) {
            if (token.isEmpty()) {
                throw new IllegalArgumentException("'" + field.substring(0, Math.min(field.length(), 40))
                        + "' has an empty value: values must be separated by single spaces");
            }
        }
        if (tokens.length % 2 != 0) {
            throw new IllegalArgumentException("odd number of values (" + tokens.length + "): runs are 'start length' pairs");
        }
        int[] starts = new int[tokens.length / 2];
        int[] lengths = new int[tokens.length / 2];
        long previousEnd = 0; // last position covered so far, 1-based
        for (int k = 0; k < starts.length; k++) {
            long start = parsePositive(tokens[2 * k], "start", k);
            long length = parsePositive(tokens[2 * k + 1], "length", k);
            if (start <= previousEnd) {
                throw new IllegalArgumentException("run " + (k + 1) + " (" + start + " " + length + ") starts at or before the end of"
                        + " the previous run (" + previousEnd + "): runs must be ascending and not overlap");
            }
            long end = start + length - 1;
            if (end > positions) {
                throw new IllegalArgumentException("run " + (k + 1) + " (" + start + " " + length + ") ends at " + end
                        + ", past the last position " + positions);
            }
            starts[k] = (int) start;
            lengths[k] = (int) length;
            previousEnd = end;
        }
        return new Runs(starts, lengths);
    }

    /**
     * Decodes a segmentation field back into an H x W mask.
     *
     * @throws IllegalArgumentException when the field is malformed or puts one pixel in two classes
     */
    public static Mask decodeSegmentation(String field, int height, int width) {
        checkStackFits(height, width);
        int planeSize = height * width;
        Runs runs = decode(field, (long) VocClasses.COUNT * planeSize);
        Mask mask = Mask.blank(height, width);
        byte[] v = mask.values();
        for (int k = 0; k < runs.size(); k++) {
            for (int p = runs.starts()[k] - 1, end = p + runs.lengths()[k]; p < end; p++) {
                int pixel = p % planeSize;
                int c = p / planeSize + 1;
                if (v[pixel] != 0) {
                    throw new IllegalArgumentException("pixel " + pixel + " is in class " + (v[pixel] & 0xFF) + " and in class " + c);
                }
                v[pixel] = (byte) c;
            }
        }
        return mask;
    }

    private static long parsePositive(String token, String what, int run) {
        long value = 0;
        for (int i = 0; i < token.length(); i++) {
            char ch = token.charAt(i);
            if (ch < '0' || ch > '9' || i >= 12) {
                throw new IllegalArgumentException(what + " of run " + (run + 1) + " is '" + token + "', not a positive integer");
            }
            value = value * 10 + (ch - '0');
        }
        if (value < 1) {
            throw new IllegalArgumentException(what + " of run " + (run + 1) + " is " + value + ", must be at least 1");
        }
        return value;
    }

    private static void checkStackFits(int height, int width) {
        if ((long) VocClasses.COUNT * height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a " + height + "x" + width + " mask is too large to encode");
        }
    }
}
