package org.vocvision.report;

import java.util.List;
import java.util.Locale;

/**
 * Horizontal bars of one score per class (AP, IoU) on a 0..1 axis, as inline SVG: one row per class,
 * its value printed at the bar's end, an optional baseline per class drawn as a tick (e.g. a class's
 * prevalence, the AP of a ranking that knows nothing). An undefined (NaN) value shows as "n/a".
 */
final class BarChart {

    static final int ROW = 16;
    static final int LABEL = 110;
    static final int PLOT = 360;

    private BarChart() {}

    /**
     * @param baselines one per class or null; NaN entries draw no tick
     * @param colours one 0xRRGGBB per class or null (then one blue)
     */
    static String svg(String title, List<String> names, double[] values, double[] baselines, String baselineName,
            int[] colours) {
        if (names.size() != values.length || (baselines != null && baselines.length != values.length)) {
            throw new IllegalArgumentException(names.size() + " names, " + values.length + " values"
                    + (baselines == null ? "" : ", " + baselines.length + " baselines"));
        }
        int top = 34;
        int height = top + ROW * values.length + 30;
        int width = LABEL + PLOT + 60;
        Svg svg = new Svg(width, height, title);
        svg.text(LABEL, 14, title, "start", 0, "font-weight=\"bold\" font-size=\"13\"");
        if (baselines != null) {
            svg.line(LABEL + PLOT - 150, 25, LABEL + PLOT - 150, 33, "#d62728", 2, null)
                    .text(LABEL + PLOT - 144, 32, baselineName, "start", 0, null);
        }
        for (int k = 0; k <= 5; k++) {
            double x = LABEL + PLOT * k / 5.0;
            svg.line(x, top, x, top + ROW * values.length, "#e0e0e0", 1, null)
                    .text(x, top + ROW * values.length + 14, String.format(Locale.ROOT, "%.1f", k / 5.0), "middle", 0, null);
        }
        for (int i = 0; i < values.length; i++) {
            double y = top + i * ROW;
            double v = values[i];
            String fill = colours == null ? "#1f77b4" : Svg.hex(colours[i]);
            svg.text(LABEL - 6, y + ROW - 4, names.get(i), "end", 0, null);
            String shown = Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
            double w = Double.isNaN(v) ? 0 : PLOT * Math.max(0, Math.min(1, v));
            svg.rect(LABEL, y + 2, w, ROW - 4, fill, names.get(i) + ": " + shown, "class=\"bar\" data-value=\"" + shown + "\"");
            svg.text(LABEL + w + 4, y + ROW - 4, shown, "start", 0, null);
            if (baselines != null && !Double.isNaN(baselines[i])) {
                double bx = LABEL + PLOT * Math.max(0, Math.min(1, baselines[i]));
                svg.line(bx, y + 1, bx, y + ROW - 1, "#d62728", 2, null);
            }
        }
        return svg.end();
    }
}
