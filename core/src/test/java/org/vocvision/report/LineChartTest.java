package org.vocvision.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineChartTest {

    @Test
    void ticksAreRoundNumbersCoveringTheRange() {
        List<Double> unit = LineChart.ticks(0, 1);
        assertEquals(6, unit.size());
        for (int i = 0; i < unit.size(); i++) {
            assertEquals(0.2 * i, unit.get(i), 1e-12);
        }
        assertEquals(List.of(0.0, 5.0, 10.0, 15.0), LineChart.ticks(0, 16));
        assertEquals(List.of(20.0, 40.0, 60.0, 80.0, 100.0), LineChart.ticks(13, 100));
    }

    @Test
    void drawsEachSeriesInItsColour() {
        BufferedImage image = new LineChart("t", "x", "y")
                .add(new LineChart.Series("a", new double[] {0, 1, 2}, new double[] {0, 1, 0.5}))
                .add(new LineChart.Series("b", new double[] {0, 1, 2}, new double[] {1, Double.NaN, 0}))
                .render(400, 300);
        int first = LineChart.COLOURS[0].getRGB();
        int second = LineChart.COLOURS[1].getRGB();
        int countFirst = 0;
        int countSecond = 0;
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 400; x++) {
                countFirst += image.getRGB(x, y) == first ? 1 : 0;
                countSecond += image.getRGB(x, y) == second ? 1 : 0;
            }
        }
        assertTrue(countFirst > 100 && countSecond > 20, countFirst + " / " + countSecond);
        assertThrows(IllegalArgumentException.class, () -> new LineChart.Series("bad", new double[1], new double[2]));
    }
}
