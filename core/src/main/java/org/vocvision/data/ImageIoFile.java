package org.vocvision.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes a PNG or JPEG file with javax.imageio, turning the reader's warnings into errors: ImageIO's
 * JPEG reader only warns ("Premature end of JPEG file") on a truncated file and fills the rest grey,
 * which must not pass as a valid training image.
 */
final class ImageIoFile {

    private ImageIoFile() {}

    /** A look at the size in the header, before any pixel is decoded; it throws to refuse the image. */
    interface SizeCheck {
        void check(int width, int height);
    }

    static BufferedImage read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidDataException(file, "missing image file");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new InvalidDataException(file, "cannot open image file");
            }
            return readFirst(in, null, InvalidDataException.class,
                    () -> new InvalidDataException(file, "not a PNG or JPEG image (unrecognised or corrupt header)"),
                    (message, cause) -> new InvalidDataException(file, message, cause));
        } catch (IOException e) {
            throw new InvalidDataException(file, "cannot read image: " + e.getMessage(), e);
        }
    }

    /**
     * Decodes the first image of {@code in} with the reader ImageIO picks for its header, a reader warning
     * counting as corruption; every refusal is the caller's own exception type {@code X}.
     *
     * @param size checked before decoding, or null
     * @param notAnImage the refusal when no reader knows the header
     * @param corrupt the refusal, from a message and its cause (null for warnings), when the reader fails or warns
     * @throws IOException only when the failed reader cannot even name its format
     */
    static <X extends RuntimeException> BufferedImage readFirst(ImageInputStream in, SizeCheck size, Class<X> type,
            Supplier<X> notAnImage, BiFunction<String, Exception, X> corrupt) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw notAnImage.get();
        }
        ImageReader reader = readers.next();
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        try {
            reader.setInput(in, true, true);
            if (size != null) {
                size.check(reader.getWidth(0), reader.getHeight(0)); // from the header only
            }
            BufferedImage image = reader.read(0);
            if (!warnings.isEmpty()) {
                throw corrupt.apply("corrupt or truncated " + reader.getFormatName()
                        + " image: " + String.join("; ", warnings), null);
            }
            return image;
        } catch (IOException | RuntimeException e) {
            if (type.isInstance(e)) {
                throw type.cast(e);
            }
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (why.contains("Unsupported Image Type")) {
                why = "unsupported colour space (CMYK or YCCK JPEG); convert it to RGB";
            }
            throw corrupt.apply("corrupt or truncated " + reader.getFormatName()
                    + " image: " + why, e);
        } finally {
            reader.dispose();
        }
    }
}
