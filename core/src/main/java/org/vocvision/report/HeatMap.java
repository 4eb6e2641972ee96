package org.vocvision.report;

import java.util.List;
import java.util.Locale;

/**
 * A confusion matrix as an inline SVG heat map: rows truth, columns prediction, each cell shaded by
 * its share of the row (the fraction of a true class's pixels predicted as each class, so rare and
 * common classes read alike), the share printed in the cell when it is at least 1%, the pixel count in
 * the hover text. A row with no pixels stays white.
 */
final class HeatMap {

    static final int CELL = 24;
    static final int LABEL = 90;

    private HeatMap() {}

    /** The share of row {@code t} in cell (t, p); NaN for an empty row. */
    static double share(long[][] counts, int t, int p) {
        long row = 0;
        for (long c : counts[t]) {
            row += c;
        }
        return row == 0 ? Double.NaN : (double) counts[t][p] / row;
    }

    /** White (share 0) to dark blue (share 1), linear per channel: 0xRRGGBB. */
    static int colour(double share) {
        if (Double.isNaN(share)) {
            return 0xFFFFFF;
        }
        double s = Math.max(0, Math.min(1, share));
        int r = (int) Math.round(255 + (8 - 255) * s);
        int g = (int) Math.round(255 + (48 - 255) * s);
        int b = (int) Math.round(255 + (107 - 255) * s);
        return (r << 16) | (g << 8) | b;
    }

    static String svg(String title, List<String> names, long[][] counts) {
        int n = counts.length;
        if (names.size() != n) {
            throw new IllegalArgumentException(names.size() + " names for a " + n + "x" + n + " matrix");
        }
        int top = LABEL + 24;
        int width = LABEL + 20 + CELL * n + 70; // room for the last column's slanted name
        int height = top + CELL * n + 24;
        Svg svg = new Svg(width, height, title);
        svg.text(LABEL + 20, 14, title, "start", 0, "font-weight=\"bold\" font-size=\"13\"");
        svg.text(4, top - 4, "truth \u2193 / predicted \u2192", "start", 0, "font-size=\"10\" fill=\"#555\"");
        for (int i = 0; i < n; i++) {
            double centre = LABEL + 20 + i * CELL + CELL / 2.0;
            svg.text(centre + 4, top - 4, names.get(i), "start", -60, null);
            svg.text(LABEL + 14, top + i * CELL + CELL / 2.0 + 4, names.get(i), "end", 0, null);
        }
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                double share = share(counts, t, p);
                double x = LABEL + 20 + p * CELL;
                double y = top + t * CELL;
                String tip = String.format(Locale.ROOT, "truth %s, predicted %s: %d pixels%s", names.get(t), names.get(p),
                        counts[t][p], Double.isNaN(share) ? "" : String.format(Locale.ROOT, " (%.1f%% of the row)", 100 * share));
                svg.rect(x, y, CELL - 1, CELL - 1, Svg.hex(colour(share)), tip, String.format(Locale.ROOT,
                        "class=\"cell\" data-truth=\"%d\" data-predicted=\"%d\" data-count=\"%d\"%s", t, p, counts[t][p],
                        t == p ? " stroke=\"#d62728\" stroke-width=\"1\"" : ""));
                if (!Double.isNaN(share) && share >= 0.01) {
                    svg.text(x + CELL / 2.0 - 0.5, y + CELL / 2.0 + 3, String.format(Locale.ROOT, "%.0f", 100 * share), "middle", 0,
                            "font-size=\"9\" fill=\"" + (share > 0.5 ? "#fff" : "#000") + "\"");
                }
            }
        }
        return svg.end();
    }
}
