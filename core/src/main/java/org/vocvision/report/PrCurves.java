package org.vocvision.report;

import java.util.List;
import java.util.Locale;

/**
 * Precision/recall curves as small multiples in inline SVG: one small plot per class (recall on x,
 * precision on y, both 0..1), the step curve whose area is the class's AP, the class's prevalence
 * (chance precision) as a dashed line, the AP in the plot's title.
 */
final class PrCurves {

    static final int SIZE = 120;
    static final int COLUMNS = 5;

    /** One class's curve, its AP and its prevalence. */
    record Curve(String name, double[] recall, double[] precision, double ap, double prevalence) {}

    private PrCurves() {}

    static String svg(String title, List<Curve> curves) {
        int rows = (curves.size() + COLUMNS - 1) / COLUMNS;
        int cellW = SIZE + 40;
        int cellH = SIZE + 40;
        Svg svg = new Svg(COLUMNS * cellW + 10, 24 + rows * cellH, title);
        svg.text(10, 16, title + " (x: recall, y: precision; dashed: chance = prevalence)", "start", 0,
                "font-weight=\"bold\" font-size=\"13\"");
        for (int i = 0; i < curves.size(); i++) {
            Curve c = curves.get(i);
            double x0 = 30 + (i % COLUMNS) * cellW;
            double y0 = 40 + (i / COLUMNS) * cellH;
            svg.rect(x0, y0, SIZE, SIZE, "#fafafa", null, "stroke=\"#999\" stroke-width=\"0.5\"");
            svg.text(x0 + SIZE / 2.0, y0 - 4, String.format(Locale.ROOT, "%s AP %s", c.name(),
                    Double.isNaN(c.ap()) ? "n/a" : String.format(Locale.ROOT, "%.2f", c.ap())), "middle", 0, null);
            svg.text(x0 - 3, y0 + 8, "1", "end", 0, "font-size=\"9\"").text(x0 - 3, y0 + SIZE, "0", "end", 0, "font-size=\"9\"")
                    .text(x0 + SIZE, y0 + SIZE + 10, "1", "middle", 0, "font-size=\"9\"");
            if (!Double.isNaN(c.prevalence())) {
                double py = y0 + SIZE * (1 - c.prevalence());
                svg.line(x0, py, x0 + SIZE, py, "#d62728", 1, "3,2");
            }
            if (c.recall().length > 0) {
                // scikit-learn's curve starts at (recall 0, precision 1); steps hold each precision until the next recall
                double[] xs = new double[2 * c.recall().length + 1];
                double[] ys = new double[xs.length];
                xs[0] = x0;
                ys[0] = y0;
                double previousRecall = 0;
                for (int k = 0; k < c.recall().length; k++) {
                    double py = y0 + SIZE * (1 - c.precision()[k]);
                    xs[2 * k + 1] = x0 + SIZE * previousRecall;
                    ys[2 * k + 1] = py;
                    xs[2 * k + 2] = x0 + SIZE * c.recall()[k];
                    ys[2 * k + 2] = py;
                    previousRecall = c.recall()[k];
                }
                svg.polyline(xs, ys, "#1f77b4", 1.5);
            }
        }
        return svg.end();
    }
}
