package org.vocvision.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClassStyleTest {

    @Test
    void noSingleCueDecidesTheClassButAllThreeDo() {
        Map<ShapeFamily, Integer> shapes = new HashMap<>();
        Map<Double, Integer> hues = new HashMap<>();
        Set<List<Object>> looks = new HashSet<>();
        for (int c = 0; c < VocClasses.COUNT; c++) {
            ClassStyle s = ClassStyle.of(c);
            shapes.merge(s.shape(), 1, Integer::sum);
            hues.merge(s.hue(), 1, Integer::sum);
            looks.add(List.of(s.shape(), s.texture(), s.hue()));
        }
        // every silhouette and every hue belongs to exactly two classes
        assertEquals(10, shapes.size());
        assertTrue(shapes.values().stream().allMatch(n -> n == 2), shapes.toString());
        assertEquals(10, hues.size());
        assertTrue(hues.values().stream().allMatch(n -> n == 2), hues.toString());
        assertEquals(VocClasses.COUNT, looks.size(), "two classes look alike");
        for (int a = 0; a < VocClasses.COUNT; a++) {
            for (int b = a + 1; b < VocClasses.COUNT; b++) {
                ClassStyle x = ClassStyle.of(a);
                ClassStyle y = ClassStyle.of(b);
                if (x.shape() == y.shape()) {
                    assertTrue(x.texture() != y.texture() && x.hue() != y.hue(), a + " and " + b + " share a silhouette and another cue");
                }
                if (x.hue() == y.hue()) {
                    assertTrue(x.shape() != y.shape(), a + " and " + b + " share hue and shape");
                }
            }
        }
    }
}
