package org.vocvision.report;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * An image grid, one row per image: original, perturbation amplified to the full range
 * (delta / (2 eps) + 0.5, so grey is no change), adversarial, then the prediction before and after:
 * the most probable labels with their probabilities ((N, C) logits of a classifier) or the predicted mask
 * over the image in VOC colours ((N, C, H, W) logits of a segmenter).
 */
public final class AttackGrid {

    public static final int CELL = 160;
    private static final int HEADER = 24;
    private static final String[] TITLES = {"original", "perturbation (amplified)", "adversarial", "before", "after"};

    private AttackGrid() {}

    /**
     * Renders the grid.
     *
     * @param classNames the names of the logits' classes (20 for classification, 21 with background for
     *     segmentation)
     * @param maxRows at most this many images
     */
    public static BufferedImage render(NDArray original, NDArray adversarial, NDArray cleanLogits, NDArray adversarialLogits,
            double eps, List<String> classNames, int maxRows) {
        boolean masks = cleanLogits.getShape().dimension() == 4; // (N, C, H, W) per pixel, else (N, C) labels
        long[] s = original.getShape().getShape();
        int n = (int) Math.min(s[0], maxRows);
        int h = (int) s[2];
        int w = (int) s[3];
        int cellW = Math.max(1, (int) Math.round((double) CELL * w / h));
        BufferedImage grid = new BufferedImage(cellW * TITLES.length, HEADER + CELL * n, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = grid.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setColor(Color.BLACK);
        FontMetrics fm = g.getFontMetrics();
        for (int c = 0; c < TITLES.length; c++) {
            String t = c == 1 ? String.format(Locale.ROOT, "delta x%.0f (eps %.1f/255)", eps > 0 ? 1 / (2 * eps) : 0, eps * 255) : TITLES[c];
            g.drawString(t, c * cellW + Math.max(2, (cellW - fm.stringWidth(t)) / 2), 16);
        }
        float[] x = original.toFloatArray();
        float[] a = adversarial.toFloatArray();
        float[] before = cleanLogits.toType(DataType.FLOAT32, false).toFloatArray();
        float[] after = adversarialLogits.toType(DataType.FLOAT32, false).toFloatArray();
        int plane = h * w;
        for (int i = 0; i < n; i++) {
            int y0 = HEADER + i * CELL;
            float[] delta = new float[3 * plane];
            for (int k = 0; k < delta.length; k++) {
                float d = a[i * 3 * plane + k] - x[i * 3 * plane + k];
                delta[k] = eps > 0 ? (float) (d / (2 * eps) + 0.5) : 0.5f;
            }
            draw(g, toImage(x, i * 3 * plane, h, w), 0, y0, cellW);
            draw(g, toImage(delta, 0, h, w), cellW, y0, cellW);
            draw(g, toImage(a, i * 3 * plane, h, w), 2 * cellW, y0, cellW);
            if (!masks) {
                int classes = (int) cleanLogits.getShape().get(1);
                labels(g, before, i * classes, classes, classNames, 3 * cellW, y0, cellW);
                labels(g, after, i * classes, classes, classNames, 4 * cellW, y0, cellW);
            } else {
                int classes = (int) cleanLogits.getShape().get(1);
                draw(g, overlay(x, i * 3 * plane, argMax(before, i, classes, plane), h, w), 3 * cellW, y0, cellW);
                draw(g, overlay(a, i * 3 * plane, argMax(after, i, classes, plane), h, w), 4 * cellW, y0, cellW);
            }
        }
        g.dispose();
        return grid;
    }

    /** Renders and writes a PNG (parent folders created). */
    public static void write(Path file, NDArray original, NDArray adversarial, NDArray cleanLogits, NDArray adversarialLogits,
            double eps, List<String> classNames, int maxRows) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        BufferedImage image = render(original, adversarial, cleanLogits, adversarialLogits, eps, classNames, maxRows);
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer for " + file);
        }
    }

    static BufferedImage toImage(float[] chw, int offset, int h, int w) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int plane = h * w;
        for (int p = 0; p < plane; p++) {
            image.setRGB(p % w, p / w, rgb(chw[offset + p], chw[offset + plane + p], chw[offset + 2 * plane + p]));
        }
        return image;
    }

    private static int rgb(float r, float g, float b) {
        return (byte255(r) << 16) | (byte255(g) << 8) | byte255(b);
    }

    private static int byte255(float v) {
        return Math.round(Math.min(1f, Math.max(0f, v)) * 255f);
    }

    private static void draw(Graphics2D g, BufferedImage image, int x, int y, int cellW) {
        // nearest neighbour: pixels of small images stay visible as pixels
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(image, x, y, cellW, CELL, null);
    }

    private static int[] argMax(float[] logits, int image, int classes, int plane) {
        int[] out = new int[plane];
        int base = image * classes * plane;
        for (int p = 0; p < plane; p++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logits[base + c * plane + p] > logits[base + best * plane + p]) {
                    best = c;
                }
            }
            out[p] = best;
        }
        return out;
    }

    /** The image with each non-background pixel blended half-and-half with its class colour. */
    static BufferedImage overlay(float[] chw, int offset, int[] mask, int h, int w) {
        BufferedImage image = toImage(chw, offset, h, w);
        for (int p = 0; p < h * w; p++) {
            if (mask[p] != 0) {
                int base = image.getRGB(p % w, p / w);
                int colour = vocColour(mask[p]);
                int r = (((base >> 16) & 0xFF) + ((colour >> 16) & 0xFF)) / 2;
                int gr = (((base >> 8) & 0xFF) + ((colour >> 8) & 0xFF)) / 2;
                int b = ((base & 0xFF) + (colour & 0xFF)) / 2;
                image.setRGB(p % w, p / w, (r << 16) | (gr << 8) | b);
            }
        }
        return image;
    }

    /** The VOC devkit's colour map (labelcolormap.m): the bits of the class index spread over R, G, B. */
    static int vocColour(int cls) {
        int r = 0;
        int g = 0;
        int b = 0;
        int c = cls;
        for (int j = 0; j < 8; j++) {
            r |= ((c >> 0) & 1) << (7 - j);
            g |= ((c >> 1) & 1) << (7 - j);
            b |= ((c >> 2) & 1) << (7 - j);
            c >>= 3;
        }
        return (r << 16) | (g << 8) | b;
    }

    private static void labels(Graphics2D g, float[] logits, int offset, int classes, List<String> names, int x, int y, int cellW) {
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            order.add(c);
        }
        order.sort(Comparator.comparingDouble(c -> -logits[offset + c]));
        g.setColor(Color.BLACK);
        int line = 0;
        for (int c : order.subList(0, Math.min(5, classes))) {
            double p = 1 / (1 + Math.exp(-logits[offset + c]));
            String name = c < names.size() ? names.get(c) : "class " + c;
            g.setColor(p >= 0.5 ? new Color(0x1a7f1a) : Color.GRAY);
            g.drawString(String.format(Locale.ROOT, "%s %.2f", name, p), x + 6, y + 18 + 16 * line++);
        }
    }
}
