package org.vocvision.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Four hand-labelled images; every expected number below is worked by hand:
 * person PRESENT in 0,1,2 (absent in 3); dog PRESENT in 0,2, ABSENT in 1, DIFFICULT in 3;
 * cat DIFFICULT in 1 only.
 */
class ClassStatisticsTest {

    private static final int PERSON = VocClasses.indexOf("person");
    private static final int DOG = VocClasses.indexOf("dog");
    private static final int CAT = VocClasses.indexOf("cat");

    private static Sample sample(String id, int h, int w, int[] mask, Map<Integer, Label> labels) {
        Label[] l = new Label[VocClasses.COUNT];
        Arrays.fill(l, Label.ABSENT);
        labels.forEach((c, label) -> l[c] = label);
        byte[] m = new byte[mask.length];
        for (int i = 0; i < m.length; i++) {
            m[i] = (byte) mask[i];
        }
        return new Sample(id, RgbImage.blank(h, w), l, new Mask(h, w, m), null);
    }

    private static List<Sample> samples() {
        return List.of(
                sample("0", 2, 2, new int[] {0, 15, 12, 255}, Map.of(PERSON, Label.PRESENT, DOG, Label.PRESENT)),
                sample("1", 2, 2, new int[] {15, 15, 0, 0}, Map.of(PERSON, Label.PRESENT, CAT, Label.DIFFICULT)),
                sample("2", 2, 3, new int[] {12, 12, 12, 0, 0, 255}, Map.of(PERSON, Label.PRESENT, DOG, Label.PRESENT)),
                sample("3", 2, 2, new int[] {0, 0, 0, 0}, Map.of(DOG, Label.DIFFICULT)));
    }

    @Test
    void countsWeightsAndPixelsAsWorkedByHand() {
        ClassStatistics s = ClassStatistics.of(samples());
        assertEquals(4, s.images());
        assertEquals(3, s.classImages().get("person"));
        assertEquals(2, s.classImages().get("dog"));
        assertEquals(0, s.classImages().get("cat"), "difficult only");
        // balanced weights n / (20 * n_c): 4 / 60 and 4 / 40; none for a class without images
        assertEquals(4.0 / 60, s.classWeights().get("person"), 1e-12);
        assertEquals(0.1, s.classWeights().get("dog"), 1e-12);
        assertEquals(0.0, s.classWeights().get("cat"));
        assertEquals(0.0, s.classWeights().get("aeroplane"));
        // pos_weight = ABSENT / PRESENT: person 1/3; dog 1/2 (the difficult image counts on neither side)
        assertEquals(1.0 / 3, s.posWeight().get("person"), 1e-12);
        assertEquals(0.5, s.posWeight().get("dog"), 1e-12);
        assertEquals(0.0, s.posWeight().get("cat"));
        // 16 labelled pixels (2 void): background 9, person 3, dog 4
        assertEquals(21, s.pixelFraction().size());
        assertEquals(9 / 16.0, s.pixelFraction().get("background"), 1e-12);
        assertEquals(3 / 16.0, s.pixelFraction().get("person"), 1e-12);
        assertEquals(4 / 16.0, s.pixelFraction().get("dog"), 1e-12);
        assertEquals(0.0, s.pixelFraction().get("cat"));
        assertEquals(List.of("2x2", "2x3"), List.copyOf(s.sizes().keySet()));
        assertEquals(3, s.sizes().get("2x2"));
        assertEquals(4.0 / 60, s.classWeightArray()[PERSON], 1e-12);
        assertEquals(0.5, s.posWeightArray()[DOG], 1e-12);
    }

    @Test
    void noPixelFractionWithoutMasks() {
        ClassStatistics s = ClassStatistics.of(List.of(TinySamples.test("9", 3, 4, 1)));
        assertNull(s.pixelFraction());
        assertEquals(0, s.classImages().get("person"));
        String json = s.toJson();
        assertEquals(-1, json.indexOf("pixel_fraction"), json);
    }
}
