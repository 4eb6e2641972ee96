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
 * (delta / (2 eps) + 0.5, so grey is no change), adversarial, the truth, then the prediction before and
 * after. A classifier's ((N, C) logits) truth is its label list; before the attack its predicted labels
 * (probability at least 0.5) are green when true and orange when not, the most probable others grey;
 * after the attack, labels the attack ADDED are red ("+"), labels it REMOVED blue ("-"), kept ones as before.
 * A segmenter's ((N, C, H, W) logits) truth and predictions are masks over the image in VOC colours.
 * A legend under the grid says so.
 */
public final class AttackGrid {

    public static final int CELL = 160;
    private static final int HEADER = 24;
    /** Height of the legend strip under the rows. */
    public static final int FOOTER = 22;
    private static final String[] TITLES = {"original", "perturbation (amplified)", "adversarial", "truth", "before", "after"};
    static final Color RIGHT = new Color(0x1a7f1a);
    static final Color WRONG = new Color(0xd9730d);
    static final Color ADDED = new Color(0xc62828);
    static final Color REMOVED = new Color(0x1565c0);
    private static final float PREDICTED = 0.5f;

    private AttackGrid() {}

    /**
     * Renders the grid.
     *
     * @param truth the truth of the images: N x C 0/1 labels of a classifier, N x H x W class indices of a
     *     segmenter (255 void); null when unknown (the truth column stays empty)
     * @param classNames the names of the logits' classes (20 for classification, 21 with background for
     *     segmentation)
     * @param maxRows at most this many images
     */
    public static BufferedImage render(NDArray original, NDArray adversarial, NDArray cleanLogits, NDArray adversarialLogits,
            byte[] truth, double eps, List<String> classNames, int maxRows) {
        boolean masks = cleanLogits.getShape().dimension() == 4; // (N, C, H, W) per pixel, else (N, C) labels
        long[] s = original.getShape().getShape();
        int n = (int) Math.min(s[0], maxRows);
        int h = (int) s[2];
        int w = (int) s[3];
        int cellW = Math.max(1, (int) Math.round((double) CELL * w / h));
        BufferedImage grid = new BufferedImage(cellW * TITLES.length, HEADER + CELL * n + FOOTER, BufferedImage.TYPE_INT_RGB);
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
            int classes = (int) cleanLogits.getShape().get(1);
            if (!masks) {
                boolean[] truthSet = truth == null ? null : labelSet(truth, i * classes, classes);
                boolean[] beforeSet = predicted(before, i * classes, classes);
                boolean[] afterSet = predicted(after, i * classes, classes);
                if (truthSet != null) {
                    truthLabels(g, truthSet, classNames, 3 * cellW, y0);
                }
                beforeLabels(g, before, i * classes, classes, truthSet, classNames, 4 * cellW, y0);
                afterLabels(g, after, i * classes, classes, truthSet, beforeSet, afterSet, classNames, 5 * cellW, y0);
            } else {
                if (truth != null) {
                    int[] mask = new int[plane];
                    for (int p = 0; p < plane; p++) {
                        int t = truth[i * plane + p] & 0xFF;
                        mask[p] = t < classes ? t : 0; // void shows as the image itself
                    }
                    draw(g, overlay(x, i * 3 * plane, mask, h, w), 3 * cellW, y0, cellW);
                }
                draw(g, overlay(x, i * 3 * plane, argMax(before, i, classes, plane), h, w), 4 * cellW, y0, cellW);
                draw(g, overlay(a, i * 3 * plane, argMax(after, i, classes, plane), h, w), 5 * cellW, y0, cellW);
            }
        }
        legend(g, masks, HEADER + CELL * n + 15);
        g.dispose();
        return grid;
    }

    private static void legend(Graphics2D g, boolean masks, int y) {
        int x = 6;
        if (masks) {
            g.setColor(Color.BLACK);
            g.drawString("masks in VOC colours (the report's legend names them); void and background show the image", x, y);
            return;
        }
        Object[][] parts = {{Color.BLACK, "truth"}, {RIGHT, "predicted, true"}, {WRONG, "predicted, not true"},
            {Color.GRAY, "not predicted (p < 0.5)"}, {ADDED, "+ added by the attack"}, {REMOVED, "- removed by the attack"}};
        FontMetrics fm = g.getFontMetrics();
        for (Object[] part : parts) {
            g.setColor((Color) part[0]);
            g.fillRect(x, y - 9, 10, 10);
            g.setColor(Color.BLACK);
            g.drawString((String) part[1], x + 14, y);
            x += 14 + fm.stringWidth((String) part[1]) + 14;
        }
    }

    /** Renders and writes a PNG (parent folders created). */
    public static void write(Path file, NDArray original, NDArray adversarial, NDArray cleanLogits, NDArray adversarialLogits,
            byte[] truth, double eps, List<String> classNames, int maxRows) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        BufferedImage image = render(original, adversarial, cleanLogits, adversarialLogits, truth, eps, classNames, maxRows);
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

    private static boolean[] labelSet(byte[] truth, int offset, int classes) {
        boolean[] set = new boolean[classes];
        for (int c = 0; c < classes; c++) {
            set[c] = truth[offset + c] != 0;
        }
        return set;
    }

    /** The labels a classifier predicts: sigmoid at least 0.5, i.e. a logit at least 0. */
    static boolean[] predicted(float[] logits, int offset, int classes) {
        boolean[] set = new boolean[classes];
        for (int c = 0; c < classes; c++) {
            set[c] = 1 / (1 + Math.exp(-logits[offset + c])) >= PREDICTED;
        }
        return set;
    }

    private static String name(List<String> names, int c) {
        return c < names.size() ? names.get(c) : "class " + c;
    }

    private static void truthLabels(Graphics2D g, boolean[] truth, List<String> names, int x, int y) {
        g.setColor(Color.BLACK);
        int line = 0;
        for (int c = 0; c < truth.length && line < 9; c++) {
            if (truth[c]) {
                g.drawString(name(names, c), x + 6, y + 18 + 16 * line++);
            }
        }
        if (line == 0) {
            g.drawString("(no label)", x + 6, y + 18);
        }
    }

    /** The most probable labels before the attack: green when right, orange when predicted but not true. */
    private static void beforeLabels(Graphics2D g, float[] logits, int offset, int classes, boolean[] truth,
            List<String> names, int x, int y) {
        List<Integer> order = byProbability(logits, offset, classes);
        int line = 0;
        for (int c : order.subList(0, Math.min(6, classes))) {
            double p = 1 / (1 + Math.exp(-logits[offset + c]));
            g.setColor(p < PREDICTED ? Color.GRAY : truth == null || truth[c] ? RIGHT : WRONG);
            g.drawString(String.format(Locale.ROOT, "%s %.2f", name(names, c), p), x + 6, y + 18 + 16 * line++);
        }
    }

    /** After the attack: what it added (red, +), what it removed (blue, -), what stayed (green if true, else orange). */
    private static void afterLabels(Graphics2D g, float[] logits, int offset, int classes, boolean[] truth, boolean[] before,
            boolean[] after, List<String> names, int x, int y) {
        int line = 0;
        for (int c : byProbability(logits, offset, classes)) {
            if (line >= 9 || !(before[c] || after[c])) {
                continue;
            }
            double p = 1 / (1 + Math.exp(-logits[offset + c]));
            String mark = after[c] && !before[c] ? "+" : before[c] && !after[c] ? "-" : "";
            g.setColor(mark.equals("+") ? ADDED : mark.equals("-") ? REMOVED : truth == null || truth[c] ? RIGHT : WRONG);
            g.drawString(String.format(Locale.ROOT, "%s%s %.2f", mark, name(names, c), p), x + 6, y + 18 + 16 * line++);
        }
        if (line == 0) {
            g.setColor(Color.GRAY);
            g.drawString("(no label predicted)", x + 6, y + 18);
        }
    }

    private static List<Integer> byProbability(float[] logits, int offset, int classes) {
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            order.add(c);
        }
        order.sort(Comparator.comparingDouble(c -> -logits[offset + c]));
        return order;
    }
}
