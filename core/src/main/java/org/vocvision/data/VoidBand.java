package org.vocvision.data;

/**
 * VOC's "void" band: the pixels within a few pixels of a boundary between two different mask
 * values, which the VOC annotators left unlabelled (Everingham et al. 2010, section 3.2).
 */
final class VoidBand {

    /** Stands for "more than one value" in the row pass. */
    private static final int MIXED = -1;

    private VoidBand() {}

    /**
     * Sets {@code band[p]} for every pixel whose (2r+1) x (2r+1) neighbourhood holds more than one
     * value of {@code values}: the pixels within {@code r} of a boundary on either side. Separable:
     * a row pass replaces each pixel by its row window's value (or MIXED), then a column pass marks
     * a pixel when its column window of those holds MIXED or a change. Each pass finds the nearest
     * change on either side in two linear scans, so the cost does not grow with {@code r}.
     */
    static void mark(byte[] values, int height, int width, int r, boolean[] band) {
        int[] rowKey = new int[values.length];
        boolean[] near = new boolean[Math.max(height, width)];
        int[] line = new int[Math.max(height, width)];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                line[x] = values[y * width + x] & 0xFF;
            }
            nearChange(line, width, r, near);
            for (int x = 0; x < width; x++) {
                rowKey[y * width + x] = near[x] ? MIXED : line[x];
            }
        }
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                line[y] = rowKey[y * width + x];
            }
            nearChange(line, height, r, near);
            for (int y = 0; y < height; y++) {
                band[y * width + x] = near[y] || line[y] == MIXED;
            }
        }
    }

    /** {@code near[i]}: whether line[i - r .. i + r] (clipped) holds two different values. */
    private static void nearChange(int[] line, int n, int r, boolean[] near) {
        // the window holds a change between k-1 and k iff i - r < k <= i + r
        int last = Integer.MIN_VALUE / 2;
        for (int i = 0; i < n; i++) {
            if (i > 0 && line[i] != line[i - 1]) {
                last = i;
            }
            near[i] = i - last <= r - 1;
        }
        int next = Integer.MAX_VALUE / 2;
        for (int i = n - 1; i >= 0; i--) {
            if (i + 1 < n && line[i] != line[i + 1]) {
                next = i;
            }
            near[i] |= next - i <= r - 1;
        }
    }
}
