package org.vocvision.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vocvision.data.Mask;

class OverlayFiguresTest {

    private static Mask row(int... labels) {
        byte[] v = new byte[labels.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) labels[i];
        }
        return new Mask(1, labels.length, v);
    }

    /** By hand: background IoU 1/2, class 1 IoU 2/3, the void pixel ignored: (1/2 + 2/3) / 2. */
    @Test
    void perImageMiouOverTheClassesPresentOrPredicted() {
        assertEquals((0.5 + 2.0 / 3) / 2, OverlayFigures.imageMiou(row(0, 0, 1, 1, 255), row(0, 1, 1, 1, 7)), 1e-12);
        assertEquals(1.0, OverlayFigures.imageMiou(row(3, 3), row(3, 3)), 1e-12);
        assertTrue(Double.isNaN(OverlayFigures.imageMiou(row(255, 255), row(0, 4))));
    }

    @Test
    void ranksBestAndWorstSkippingUnscoredImages() {
        List<OverlayFigures.Scored> scores = List.of(new OverlayFigures.Scored("a", 0.5), new OverlayFigures.Scored("b", 0.9),
                new OverlayFigures.Scored("c", Double.NaN), new OverlayFigures.Scored("d", 0.1), new OverlayFigures.Scored("e", 0.7),
                new OverlayFigures.Scored("f", 0.3));
        List<List<OverlayFigures.Scored>> two = OverlayFigures.bestAndWorst(scores, 2);
        assertEquals(List.of("b", "e"), two.get(0).stream().map(OverlayFigures.Scored::id).toList());
        assertEquals(List.of("d", "f"), two.get(1).stream().map(OverlayFigures.Scored::id).toList());
        // more asked than there are: each image shown once, the better half as best
        List<List<OverlayFigures.Scored>> all = OverlayFigures.bestAndWorst(scores.subList(0, 3), 4);
        assertEquals(List.of("b"), all.get(0).stream().map(OverlayFigures.Scored::id).toList());
        assertEquals(List.of("a"), all.get(1).stream().map(OverlayFigures.Scored::id).toList());
    }
}
