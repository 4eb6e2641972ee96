package org.vocvision.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Reads VOC's {@code JPEGImages} (any ImageIO format, in practice JPEG) as RGB, and writes JPEGs. */
public final class JpegImage {

    private JpegImage() {}

    /**
     * Reads an image file as 8-bit RGB. Grayscale and palette images are converted to RGB (grey in all
     * three channels); an alpha channel is dropped; CMYK JPEGs are converted with Pillow's plain formula.
     */
    public static RgbImage read(Path file) {
        return toRgb(ImageIoFile.read(file));
    }

    /** Writes {@code image} as a baseline JPEG at {@code quality} (0..1; VOC-style files use 0.95). */
    public static void write(Path file, RgbImage image, float quality) {
        BufferedImage buffered = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) buffered.getRaster().getDataBuffer()).getData();
        byte[] rgb = image.pixels();
        for (int i = 0; i < rgb.length; i += 3) {
            bgr[i] = rgb[i + 2];
            bgr[i + 1] = rgb[i + 1];
            bgr[i + 2] = rgb[i];
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (OutputStream os = Files.newOutputStream(file);
                ImageOutputStream out = ImageIO.createImageOutputStream(os)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.setOutput(out);
            writer.write(null, new IIOImage(buffered, null, null), param);
        } catch (IOException e) {
            throw new InvalidDataException(file, "cannot write JPEG: " + e.getMessage(), e);
        } finally {
            writer.dispose();
        }
    }

    static RgbImage toRgb(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        byte[] rgb = new byte[h * w * 3];
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR
                && image.getRaster().getDataBuffer() instanceof DataBufferByte buffer
                && buffer.getData().length == rgb.length) {
            byte[] bgr = buffer.getData();
            for (int i = 0; i < rgb.length; i += 3) {
                rgb[i] = bgr[i + 2];
                rgb[i + 1] = bgr[i + 1];
                rgb[i + 2] = bgr[i];
            }
            return new RgbImage(h, w, rgb);
        }
        int[] row = new int[w];
        if (image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_CMYK
                && image.getRaster().getNumBands() == 4) {
            // JDK 17 colour-manages CMYK through getRGB (green 200 -> 128); Pillow and OpenCV use the plain
            // formula R = (255 - C) * (255 - K) / 255, which training pipelines in Python also saw
            int[] cmyk = new int[w * 4];
            for (int y = 0; y < h; y++) {
                image.getRaster().getPixels(0, y, w, 1, cmyk);
                for (int x = 0; x < w; x++) {
                    int k = 255 - cmyk[x * 4 + 3];
                    for (int c = 0; c < 3; c++) {
                        rgb[(y * w + x) * 3 + c] = (byte) Math.round((255 - cmyk[x * 4 + c]) * k / 255f);
                    }
                }
            }
            return new RgbImage(h, w, rgb);
        }
        if (image.getRaster().getNumBands() == 1 && !(image.getColorModel() instanceof IndexColorModel)) {
            // getRGB would treat 8-bit gray as linear and brighten it (128 -> 188); a gray JPEG's samples are
            // already the display values, so copy them into all three channels
            for (int y = 0; y < h; y++) {
                image.getRaster().getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int p = (y * w + x) * 3;
                    rgb[p] = rgb[p + 1] = rgb[p + 2] = (byte) row[x];
                }
            }
            return new RgbImage(h, w, rgb);
        }
        // getRGB converts the other colour models (indexed, ARGB, ...) to sRGB
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = (y * w + x) * 3;
                rgb[p] = (byte) (row[x] >> 16);
                rgb[p + 1] = (byte) (row[x] >> 8);
                rgb[p + 2] = (byte) row[x];
            }
        }
        return new RgbImage(h, w, rgb);
    }
}
