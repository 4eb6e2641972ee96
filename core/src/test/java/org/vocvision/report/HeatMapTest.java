package org.vocvision.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The confusion matrix heat map: one cell per (truth, prediction), shaded by its share of the row. */
class HeatMapTest {

    /**
     * By hand: row 0 has 3 + 1 pixels (shares 3/4, 1/4), row 1 is empty (white), row 2 has 0 + 2 + 2 (0, 1/2, 1/2).
     * Colour of share s: (255 + (8 - 255) s, 255 + (48 - 255) s, 255 + (107 - 255) s), rounded: 3/4 -> (70, 100, 144).
     */
    @Test
    void cellsCarryTheirCountsAndRowShareColours() {
        long[][] counts = {{3, 0, 1}, {0, 0, 0}, {0, 2, 2}};
        String svg = HeatMap.svg("m", List.of("bg", "a", "b"), counts);
        Matcher m = Pattern.compile("<rect x=\"[^\"]*\" y=\"[^\"]*\" width=\"[^\"]*\" height=\"[^\"]*\" fill=\"(#[0-9a-f]{6})\""
                + " class=\"cell\" data-truth=\"(\\d)\" data-predicted=\"(\\d)\" data-count=\"(\\d+)\"").matcher(svg);
        String[][] fill = new String[3][3];
        long[][] seen = new long[3][3];
        int cells = 0;
        while (m.find()) {
            int t = Integer.parseInt(m.group(2));
            int p = Integer.parseInt(m.group(3));
            fill[t][p] = m.group(1);
            seen[t][p] = Long.parseLong(m.group(4));
            cells++;
        }
        assertEquals(9, cells);
        for (int t = 0; t < 3; t++) {
            for (int p = 0; p < 3; p++) {
                assertEquals(counts[t][p], seen[t][p], "cell " + t + "," + p);
            }
        }
        assertEquals("#466490", fill[0][0], "share 3/4 -> (70, 100, 144)");
        assertEquals("#c1cbda", fill[0][2], "share 1/4 -> (193, 203, 218)");
        assertEquals("#ffffff", fill[0][1], "share 0 is white");
        assertEquals("#ffffff", fill[1][1], "an empty row is white");
        assertEquals("#8498b5", fill[2][1], "share 1/2 -> (131.5, 151.5, 181) rounded half up");
        assertEquals(0.75, HeatMap.share(counts, 0, 0), 1e-12);
        assertTrue(Double.isNaN(HeatMap.share(counts, 1, 0)));
        assertTrue(svg.contains("truth bg, predicted b: 1 pixels (25.0% of the row)"), "hover text");
        assertTrue(svg.contains(">75</text>") && svg.contains(">25</text>"), "shares printed in percent");
    }

    @Test
    void colourEnds() {
        assertEquals(0xFFFFFF, HeatMap.colour(0));
        assertEquals(0x08306B, HeatMap.colour(1));
        assertEquals(0xFFFFFF, HeatMap.colour(Double.NaN));
    }
}
