package org.vocvision.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes an image held in memory (an upload): PNG or JPEG through javax.imageio, or a competition
 * {@code .npy} (uint8, H x W x 3). Nothing touches the filesystem: the ImageIO stream is a memory cache,
 * never ImageIO's default temporary-file cache. The pixel count is checked from the header before any
 * pixel is decoded, so a small file that inflates to gigapixels (a decompression bomb) is refused cheaply.
 */
public final class ImageBytes {

    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private ImageBytes() {}

    /** Why an upload was refused: not an image at all, too many pixels, or a broken image file. */
    public enum Problem { NOT_AN_IMAGE, TOO_MANY_PIXELS, CORRUPT }

    /** An image that cannot be decoded, with the reason a server maps to its status code. */
    public static final class RejectedImageException extends RuntimeException {
        private final Problem problem;

        RejectedImageException(Problem problem, String message) {
            super(message);
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    /**
     * Decodes {@code bytes} as 8-bit RGB, refusing images of more than {@code maxPixels} pixels.
     *
     * @throws RejectedImageException when the bytes are not a PNG/JPEG/.npy image, are corrupt, or have
     *     too many pixels
     */
    public static RgbImage decode(byte[] bytes, long maxPixels) {
        if (bytes.length >= NPY_MAGIC.length && startsWith(bytes, NPY_MAGIC)) {
            return npy(bytes, maxPixels);
        }
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            return JpegImage.toRgb(ImageIoFile.readFirst(in,
                    (width, height) -> requirePixels(width, height, maxPixels),
                    RejectedImageException.class,
                    () -> new RejectedImageException(Problem.NOT_AN_IMAGE,
                            "not a PNG, JPEG or .npy image (unrecognised header)"),
                    (message, cause) -> new RejectedImageException(Problem.CORRUPT, message)));
        } catch (IOException e) {
            throw new RejectedImageException(Problem.CORRUPT, "cannot read the image: " + e.getMessage());
        }
    }

    /**
     * A {@code .npy} upload: raw pixels, so its size already bounds its pixel count (no bomb is possible);
     * the limit is still applied so every format obeys the same rule.
     */
    private static RgbImage npy(byte[] bytes, long maxPixels) {
        NpyArray a;
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            a = NpyFormat.read(in, Path.of("upload.npy"));
        } catch (InvalidDataException e) {
            throw new RejectedImageException(Problem.CORRUPT, e.getMessage());
        } catch (IOException e) {
            throw new RejectedImageException(Problem.CORRUPT, "cannot read the .npy upload: " + e.getMessage());
        }
        int[] s = a.shape();
        if (s.length != 3 || s[2] != 3 || s[0] == 0 || s[1] == 0) {
            throw new RejectedImageException(Problem.CORRUPT, "a .npy image must be uint8 of shape (H, W, 3), got shape "
                    + a.shapeText());
        }
        requirePixels(s[1], s[0], maxPixels);
        return new RgbImage(s[0], s[1], a.data());
    }

    private static void requirePixels(int width, int height, long maxPixels) {
        long pixels = (long) width * height;
        if (width <= 0 || height <= 0) {
            throw new RejectedImageException(Problem.CORRUPT, "the image header gives an empty size " + width + "x" + height);
        }
        if (pixels > maxPixels) {
            throw new RejectedImageException(Problem.TOO_MANY_PIXELS, String.format(
                    "image of %dx%d = %d pixels is over the limit of %d pixels", width, height, pixels, maxPixels));
        }
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
