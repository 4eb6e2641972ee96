package org.vocvision.train;

import org.vocvision.report.LineChart;
import org.vocvision.run.EpochResult;
import org.vocvision.run.RunDir;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * Draws {@code figures/loss.png} (train and validation loss per epoch) and
 * {@code figures/<main metric>.png} after every epoch: plain Java2D line charts with axes, ticks,
 * a legend and the epoch on x.
 */
public final class LearningCurves implements Callback {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 400;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;
    private static final Color[] COLORS = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44)};

    @Override
    public void onEpochEnd(EpochResult epoch, FitControl control) throws IOException {
        if (control.runDir() == null) {
            return;
        }
        Path figures = new RunDir(control.runDir()).figures();
        Files.createDirectories(figures);
        List<EpochResult> history = control.history();
        Map<String, ToDoubleFunction<EpochResult>> losses = new LinkedHashMap<>();
        losses.put("train_loss", EpochResult::trainLoss);
        losses.put("val_loss", EpochResult::valLoss);
        write(chart("loss", history, losses), figures.resolve("loss.png"));
        if (!epoch.metrics().isEmpty()) {
            String main = epoch.mainMetric();
            Map<String, ToDoubleFunction<EpochResult>> metric = new LinkedHashMap<>();
            metric.put(main, e -> e.metrics().getOrDefault(main, Double.NaN));
            write(chart(main, history, metric), figures.resolve(main + ".png"));
        }
    }

    private static void write(BufferedImage image, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        if (!ImageIO.write(image, "png", tmp.toFile())) {
            throw new IOException("no PNG writer for " + file);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** A line chart of the named series over the epochs of the history. */
    static BufferedImage chart(String title, List<EpochResult> history,
            Map<String, ToDoubleFunction<EpochResult>> series) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = LineChart.blank(image);
        FontMetrics fm = g.getFontMetrics();

        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (ToDoubleFunction<EpochResult> f : series.values()) {
            for (EpochResult e : history) {
                double v = f.applyAsDouble(e);
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!Double.isFinite(lo)) {
            lo = 0;
            hi = 1;
        }
        if (hi - lo < 1e-12) {
            lo -= 0.5;
            hi += 0.5;
        }
        double pad = 0.05 * (hi - lo);
        lo -= pad;
        hi += pad;
        int firstEpoch = history.get(0).epoch();
        int lastEpoch = Math.max(firstEpoch + 1, history.get(history.size() - 1).epoch());
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;

        // axes and ticks
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotW, plotH);
        List<Double> yTicks = ticks(lo, hi, 6);
        for (double y : yTicks) {
            int py = TOP + (int) Math.round((hi - y) / (hi - lo) * plotH);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(LEFT + 1, py, LEFT + plotW - 1, py);
            g.setColor(Color.BLACK);
            g.drawLine(LEFT - 4, py, LEFT, py);
            String label = format(y);
            g.drawString(label, LEFT - 6 - fm.stringWidth(label), py + fm.getAscent() / 2 - 1);
        }
        for (int x : epochTicks(firstEpoch, lastEpoch, 10)) {
            int px = LEFT + (int) Math.round((double) (x - firstEpoch) / (lastEpoch - firstEpoch) * plotW);
            g.drawLine(px, TOP + plotH, px, TOP + plotH + 4);
            String label = Integer.toString(x);
            g.drawString(label, px - fm.stringWidth(label) / 2, TOP + plotH + 6 + fm.getAscent());
        }
        g.drawString("epoch", LEFT + plotW / 2 - fm.stringWidth("epoch") / 2, HEIGHT - 10);
        g.setFont(g.getFont().deriveFont(Font.BOLD, 14f));
        g.drawString(title, LEFT, TOP - 14);
        g.setFont(g.getFont().deriveFont(Font.PLAIN, 12f));

        // series and legend
        int index = 0;
        g.setStroke(new BasicStroke(2f));
        for (Map.Entry<String, ToDoubleFunction<EpochResult>> s : series.entrySet()) {
            Color color = COLORS[index % COLORS.length];
            g.setColor(color);
            int prevX = -1;
            int prevY = -1;
            for (EpochResult e : history) {
                double v = s.getValue().applyAsDouble(e);
                if (!Double.isFinite(v)) {
                    prevX = -1;
                    continue;
                }
                int px = LEFT + (int) Math.round((double) (e.epoch() - firstEpoch) / (lastEpoch - firstEpoch) * plotW);
                int py = TOP + (int) Math.round((hi - v) / (hi - lo) * plotH);
                g.fillOval(px - 3, py - 3, 6, 6);
                if (prevX >= 0) {
                    g.drawLine(prevX, prevY, px, py);
                }
                prevX = px;
                prevY = py;
            }
            int ly = TOP + 12 + index * 16;
            int lx = LEFT + plotW - 120;
            g.drawLine(lx, ly - 4, lx + 20, ly - 4);
            g.setColor(Color.BLACK);
            g.drawString(s.getKey(), lx + 26, ly);
            index++;
        }
        g.dispose();
        return image;
    }

    /**
     * Whole epochs to label, at most about {@code target} of them: every epoch, or every 2nd, 5th, 10th ...
     * (counted in integers: adding a step of 0.1 ten times misses the next whole epoch, which left a
     * 2-epoch chart with only "1" on its axis).
     */
    static List<Integer> epochTicks(int first, int last, int target) {
        int step = 1;
        for (int k = 0; (last - first) / step > target; k++) {
            step = new int[] {2, 5, 10}[k % 3] * (int) Math.pow(10, k / 3);
        }
        List<Integer> ticks = new ArrayList<>();
        for (int e = (first + step - 1) / step * step; e <= last; e += step) {
            ticks.add(e);
        }
        if (ticks.isEmpty() || ticks.get(0) != first) {
            ticks.add(0, first);
        }
        return ticks;
    }

    /** "Nice" tick values (1, 2, 5 times a power of ten) covering [lo, hi]. */
    static List<Double> ticks(double lo, double hi, int target) {
        double raw = (hi - lo) / Math.max(1, target);
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * magnitude >= raw) {
                step = m * magnitude;
                break;
            }
        }
        List<Double> ticks = new ArrayList<>();
        for (double t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
            ticks.add(Math.abs(t) < step * 1e-9 ? 0.0 : t);
        }
        return ticks;
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v != 0) ? "%.2e" : "%.3g", v);
    }
}
