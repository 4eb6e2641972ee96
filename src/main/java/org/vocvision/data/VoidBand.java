package org.vocvision.data;

/**
 * VOC's "void" band: the pixels within a few pixels of a boundary between two different mask
 * values, which the VOC annotators left unlabelled (Everingham et al. 2010, section 3.2).
 */
final class VoidBand {

    private VoidBand() {}

    /**
     * Sets {@code band[p]} for every pixel whose (2r+1) x (2r+1) neighbourhood holds more than one
     * value of {@code values}: the pixels within {@code r} of a boundary on either side. A separable
     * min and max filter: the neighbourhood's minimum differs from its maximum exactly then.
     */
    static void mark(byte[] values, int height, int width, int r, boolean[] band) {
        int[] rowMin = new int[values.length];
        int[] rowMax = new int[values.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int lo = 255;
                int hi = 0;
                for (int k = Math.max(0, x - r); k <= Math.min(width - 1, x + r); k++) {
                    int v = values[y * width + k] & 0xFF;
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                rowMin[y * width + x] = lo;
                rowMax[y * width + x] = hi;
            }
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int lo = 255;
                int hi = 0;
                for (int k = Math.max(0, y - r); k <= Math.min(height - 1, y + r); k++) {
                    lo = Math.min(lo, rowMin[k * width + x]);
                    hi = Math.max(hi, rowMax[k * width + x]);
                }
                band[y * width + x] = lo != hi;
            }
        }
    }
}
