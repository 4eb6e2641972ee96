package org.vocvision.data;

/**
 * A segmentation mask, H x W in row-major order: 0 background, 1..20 the VOC classes, 255 void.
 * Values are stored as unsigned bytes.
 */
public record Mask(int height, int width, byte[] values) {

    public Mask {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("mask size must be positive, got " + height + "x" + width);
        }
        if (values.length != height * width) {
            throw new IllegalArgumentException("expected " + height * width + " values for a "
                    + height + "x" + width + " mask, got " + values.length);
        }
    }

    /** An all-background mask. */
    public static Mask blank(int height, int width) {
        return new Mask(height, width, new byte[height * width]);
    }

    /** The class index at row {@code y}, column {@code x}: 0..20 or 255. */
    public int get(int y, int x) {
        return values[y * width + x] & 0xFF;
    }

    public void set(int y, int x, int value) {
        values[y * width + x] = (byte) value;
    }

    /** The first value outside 0..20 and 255, or -1 when every value is valid. */
    public int firstInvalidValue() {
        for (byte b : values) {
            int v = b & 0xFF;
            if (v > VocClasses.COUNT && v != VocClasses.VOID) {
                return v;
            }
        }
        return -1;
    }
}
