package org.vocvision.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClassStyleTest {

    /** The smallest angle between two hues in degrees. */
    private static double hueDistance(double a, double b) {
        double d = Math.abs(a - b) % 360;
        return Math.min(d, 360 - d);
    }

    @Test
    void everyClassHasItsOwnHueAndCloseHuesDifferInShapeAndTexture() {
        Map<ShapeFamily, Integer> shapes = new HashMap<>();
        Set<Double> hues = new HashSet<>();
        for (int c = 0; c < VocClasses.COUNT; c++) {
            ClassStyle s = ClassStyle.of(c);
            shapes.merge(s.shape(), 1, Integer::sum);
            hues.add(s.hue());
        }
        assertEquals(VocClasses.COUNT, hues.size(), "two classes share a hue: " + hues);
        // every silhouette belongs to exactly two classes
        assertEquals(10, shapes.size());
        assertTrue(shapes.values().stream().allMatch(n -> n == 2), shapes.toString());
        for (int a = 0; a < VocClasses.COUNT; a++) {
            for (int b = a + 1; b < VocClasses.COUNT; b++) {
                ClassStyle x = ClassStyle.of(a);
                ClassStyle y = ClassStyle.of(b);
                double apart = hueDistance(x.hue(), y.hue());
                // hues 18 degrees apart, objects within 4 of theirs: neighbours never overlap
                assertTrue(apart >= 18 - 1e-9, a + " and " + b + " hues " + apart + " degrees apart");
                if (apart < 19) {
                    assertTrue(x.shape() != y.shape() && x.texture() != y.texture(),
                            a + " and " + b + " have neighbouring hues and share a silhouette or texture");
                }
                if (x.shape() == y.shape()) {
                    assertTrue(apart > 90 && x.texture() != y.texture(), a + " and " + b + " share a silhouette, hues "
                            + apart + " apart");
                }
            }
        }
    }
}
