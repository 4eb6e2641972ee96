package org.vocvision.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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

    static BufferedImage read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidDataException(file, "missing image file");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new InvalidDataException(file, "cannot open image file");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new InvalidDataException(file, "not a PNG or JPEG image (unrecognised or corrupt header)");
            }
            ImageReader reader = readers.next();
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            try {
                reader.setInput(in, true, true);
                BufferedImage image = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new InvalidDataException(file, "corrupt or truncated " + reader.getFormatName()
                            + " image: " + String.join("; ", warnings));
                }
                return image;
            } catch (IOException | RuntimeException e) {
                if (e instanceof InvalidDataException ide) {
                    throw ide;
                }
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                if (why.contains("Unsupported Image Type")) {
                    why = "unsupported colour space (CMYK or YCCK JPEG); convert it to RGB";
                }
                throw new InvalidDataException(file, "corrupt or truncated " + reader.getFormatName()
                        + " image: " + why, e);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new InvalidDataException(file, "cannot read image: " + e.getMessage(), e);
        }
    }
}
