package org.vocvision.attack;

import ai.djl.ndarray.NDArray;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Re-encodes each image as a JPEG of the given quality (1..100) and decodes it again (Dziugaite et al.
 * 2016; Guo et al. 2018): the quantisation of DCT coefficients removes much of a small perturbation.
 * Pixels pass through 8-bit RGB, as any saved image would.
 */
public record JpegReencode(int quality) implements InputDefence {

    public JpegReencode {
        InputDefence.requireWithin("JPEG quality", quality, 1, 100);
    }

    @Override
    public NDArray apply(NDArray images) {
        long[] s = images.getShape().getShape();
        if (s.length != 4 || s[1] != 3) {
            throw new IllegalArgumentException("JPEG re-encoding needs (N,3,H,W) images, got " + images.getShape());
        }
        int n = (int) s[0];
        int h = (int) s[2];
        int w = (int) s[3];
        int plane = h * w;
        float[] pixels = images.toFloatArray();
        float[] out = new float[pixels.length];
        for (int i = 0; i < n; i++) {
            BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            int base = i * 3 * plane;
            for (int p = 0; p < plane; p++) {
                int rgb = (toByte(pixels[base + p]) << 16) | (toByte(pixels[base + plane + p]) << 8)
                        | toByte(pixels[base + 2 * plane + p]);
                image.setRGB(p % w, p / w, rgb);
            }
            BufferedImage decoded = roundTrip(image);
            for (int p = 0; p < plane; p++) {
                int rgb = decoded.getRGB(p % w, p / w);
                out[base + p] = ((rgb >> 16) & 0xFF) / 255f;
                out[base + plane + p] = ((rgb >> 8) & 0xFF) / 255f;
                out[base + 2 * plane + p] = (rgb & 0xFF) / 255f;
            }
        }
        return images.getManager().create(out, images.getShape());
    }

    private BufferedImage roundTrip(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG encoding in memory failed", e);
        } finally {
            writer.dispose();
        }
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG decoding in memory failed", e);
        }
    }

    private static int toByte(float v) {
        return Math.round(Math.min(1f, Math.max(0f, v)) * 255f);
    }

    @Override
    public String name() {
        return "jpeg" + quality;
    }
}
