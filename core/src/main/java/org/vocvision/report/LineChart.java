package org.vocvision.report;

import java.awt.BasicStroke;
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
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A small line chart drawn with Java2D: axes with ticks, one polyline with markers per series, a legend.
 * Non-finite points are skipped. Enough for robustness curves; no plotting library needed.
 */
public final class LineChart {

    /** One named line. */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("series '" + name + "' has " + x.length + " x values and " + y.length + " y values");
            }
        }
    }

    /** Tableau-10 colours, as matplotlib's default cycle. */
    static final Color[] COLOURS = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)
    };

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private double yMin = Double.NaN;
    private double yMax = Double.NaN;

    public LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public LineChart add(Series s) {
        series.add(s);
        return this;
    }

    /** A fixed y range instead of the data's. */
    public LineChart yRange(double min, double max) {
        this.yMin = min;
        this.yMax = max;
        return this;
    }

    /** Renders at width x height pixels. */
    public BufferedImage render(int width, int height) {
        double[] xr = range(true);
        double[] yr = Double.isNaN(yMin) ? range(false) : new double[] {yMin, yMax};
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = blank(image);
        FontMetrics fm = g.getFontMetrics();
        int left = 60;
        int right = 20;
        int top = 35;
        int bottom = 50;
        int pw = width - left - right;
        int ph = height - top - bottom;
        g.setColor(Color.BLACK);
        g.drawString(title, left + (pw - fm.stringWidth(title)) / 2, 20);
        g.drawRect(left, top, pw, ph);
        for (double t : ticks(xr[0], xr[1])) {
            int px = left + (int) Math.round((t - xr[0]) / (xr[1] - xr[0]) * pw);
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(px, top + 1, px, top + ph - 1);
            g.setColor(Color.BLACK);
            g.drawLine(px, top + ph, px, top + ph + 4);
            String s = label(t);
            g.drawString(s, px - fm.stringWidth(s) / 2, top + ph + 18);
        }
        for (double t : ticks(yr[0], yr[1])) {
            int py = top + ph - (int) Math.round((t - yr[0]) / (yr[1] - yr[0]) * ph);
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(left + 1, py, left + pw - 1, py);
            g.setColor(Color.BLACK);
            g.drawLine(left - 4, py, left, py);
            String s = label(t);
            g.drawString(s, left - 7 - fm.stringWidth(s), py + fm.getAscent() / 2 - 1);
        }
        g.drawString(xLabel, left + (pw - fm.stringWidth(xLabel)) / 2, height - 12);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(yLabel, -(top + (ph + fm.stringWidth(yLabel)) / 2), 16);
        rotated.dispose();
        g.setStroke(new BasicStroke(2f));
        for (int s = 0; s < series.size(); s++) {
            Series line = series.get(s);
            g.setColor(COLOURS[s % COLOURS.length]);
            int[] last = null;
            for (int i = 0; i < line.x().length; i++) {
                double x = line.x()[i];
                double y = line.y()[i];
                if (!Double.isFinite(x) || !Double.isFinite(y)) {
                    last = null;
                    continue;
                }
                int px = left + (int) Math.round((x - xr[0]) / (xr[1] - xr[0]) * pw);
                int py = top + ph - (int) Math.round((y - yr[0]) / (yr[1] - yr[0]) * ph);
                if (last != null) {
                    g.drawLine(last[0], last[1], px, py);
                }
                g.fillOval(px - 3, py - 3, 7, 7);
                last = new int[] {px, py};
            }
            int ly = top + 10 + s * 16;
            int lx = left + pw - 150;
            g.fillRect(lx, ly - 4, 18, 4);
            g.setColor(Color.BLACK);
            g.drawString(line.name(), lx + 24, ly + 1);
        }
        g.dispose();
        return image;
    }

    /** Paints {@code image} white and draws on it antialiased in 12-point sans-serif, as every line chart starts. */
    public static Graphics2D blank(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        return g;
    }

    /** Writes a PNG (parent folders created). */
    public void writePng(Path file, int width, int height) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        if (!ImageIO.write(render(width, height), "png", file.toFile())) {
            throw new IOException("no PNG writer for " + file);
        }
    }

    private double[] range(boolean x) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                double v = x ? s.x()[i] : s.y()[i];
                if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (min == Double.POSITIVE_INFINITY) {
            return new double[] {0, 1};
        }
        if (max - min < 1e-12) {
            return new double[] {min - 0.5, max + 0.5};
        }
        return new double[] {min, max};
    }

    /** "Nice" tick values (1, 2 or 5 times a power of ten) covering [min, max], about five of them. */
    static List<Double> ticks(double min, double max) {
        double raw = (max - min) / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        for (double m : new double[] {1, 2, 5, 10}) {
            step = m * magnitude;
            if (step >= raw) {
                break;
            }
        }
        List<Double> out = new ArrayList<>();
        for (double t = Math.ceil(min / step - 1e-9) * step; t <= max + 1e-9 * step; t += step) {
            out.add(Math.abs(t) < step * 1e-9 ? 0.0 : t);
        }
        return out;
    }

    private static String label(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return String.valueOf((long) v);
        }
        String s = String.format(java.util.Locale.ROOT, "%.3f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
