package org.vocvision.data;

/** An 8-bit RGB image, H x W x 3 in row-major (C) order, as the competition's {@code .npy} files hold it. */
public record RgbImage(int height, int width, byte[] pixels) {

    public RgbImage {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
        }
        if (pixels.length != height * width * 3) {
            throw new IllegalArgumentException("expected " + height * width * 3 + " bytes for a "
                    + height + "x" + width + " RGB image, got " + pixels.length);
        }
    }

    /** A black image. */
    public static RgbImage blank(int height, int width) {
        return new RgbImage(height, width, new byte[height * width * 3]);
    }

    /** Channel {@code c} (0 = R) at row {@code y}, column {@code x}, as 0..255. */
    public int get(int y, int x, int c) {
        return pixels[(y * width + x) * 3 + c] & 0xFF;
    }

    public void set(int y, int x, int c, int value) {
        pixels[(y * width + x) * 3 + c] = (byte) value;
    }
}
