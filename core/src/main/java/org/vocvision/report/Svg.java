package org.vocvision.report;

import java.util.Locale;

/**
 * Inline SVG text for the report's charts: exact, scalable, and part of the one HTML file (no image
 * decoding to fail). Coordinates are written with one decimal; every text is escaped.
 */
final class Svg {

    private final StringBuilder out = new StringBuilder();

    Svg(int width, int height, String label) {
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"system-ui,sans-serif\" font-size=\"11\"><title>").append(Html.escape(label))
                .append("</title>\n");
    }

    /** A rectangle; {@code tip} becomes its hover text (may be null); {@code attributes} are added raw. */
    Svg rect(double x, double y, double w, double h, String fill, String tip, String attributes) {
        out.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"").append(n(w))
                .append("\" height=\"").append(n(h)).append("\" fill=\"").append(fill).append('"');
        if (attributes != null && !attributes.isEmpty()) {
            out.append(' ').append(attributes);
        }
        if (tip == null) {
            out.append("/>\n");
        } else {
            out.append("><title>").append(Html.escape(tip)).append("</title></rect>\n");
        }
        return this;
    }

    Svg line(double x1, double y1, double x2, double y2, String stroke, double width, String dash) {
        out.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                .append("\" y2=\"").append(n(y2)).append("\" stroke=\"").append(stroke).append("\" stroke-width=\"")
                .append(n(width)).append('"');
        if (dash != null) {
            out.append(" stroke-dasharray=\"").append(dash).append('"');
        }
        out.append("/>\n");
        return this;
    }

    /** A polyline through (x[i], y[i]). */
    Svg polyline(double[] x, double[] y, String stroke, double width) {
        out.append("<polyline fill=\"none\" stroke=\"").append(stroke).append("\" stroke-width=\"").append(n(width))
                .append("\" points=\"");
        for (int i = 0; i < x.length; i++) {
            out.append(i == 0 ? "" : " ").append(n(x[i])).append(',').append(n(y[i]));
        }
        out.append("\"/>\n");
        return this;
    }

    /** Text; {@code anchor} start, middle or end; {@code rotate} degrees about its point. */
    Svg text(double x, double y, String text, String anchor, double rotate, String attributes) {
        out.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" text-anchor=\"").append(anchor)
                .append('"');
        if (rotate != 0) {
            out.append(" transform=\"rotate(").append(n(rotate)).append(' ').append(n(x)).append(' ').append(n(y)).append(")\"");
        }
        if (attributes != null && !attributes.isEmpty()) {
            out.append(' ').append(attributes);
        }
        out.append('>').append(Html.escape(text)).append("</text>\n");
        return this;
    }

    String end() {
        return out.append("</svg>\n").toString();
    }

    static String n(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** {@code #rrggbb} of a 0xRRGGBB colour. */
    static String hex(int rgb) {
        return String.format(Locale.ROOT, "#%06x", rgb & 0xFFFFFF);
    }
}
