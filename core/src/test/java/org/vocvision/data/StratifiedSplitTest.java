package org.vocvision.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StratifiedSplitTest {

    /** 60 multi-label rows: classes 0..14 common, 15..19 rare (2 or 3 images each). */
    private static List<float[]> rows(long seed) {
        Random random = new Random(seed);
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            float[] t = new float[20];
            t[random.nextInt(15)] = 1;
            if (random.nextBoolean()) {
                t[random.nextInt(15)] = 1;
            }
            rows.add(t);
        }
        int[] rareCounts = {2, 2, 3, 2, 3};
        for (int k = 0; k < rareCounts.length; k++) {
            for (int j = 0; j < rareCounts[k]; j++) {
                rows.get(random.nextInt(60))[15 + k] = 1;
            }
        }
        return rows;
    }

    private static List<String> ids(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("img" + i);
        }
        return ids;
    }

    private static void assertEveryClassOnBothSides(List<String> ids, List<float[]> rows, TrainValSplit split) {
        Set<String> train = new HashSet<>(split.train());
        Set<String> val = new HashSet<>(split.val());
        assertEquals(ids.size(), train.size() + val.size());
        assertTrue(train.stream().noneMatch(val::contains));
        for (int c = 0; c < 20; c++) {
            int inTrain = 0;
            int inVal = 0;
            for (int i = 0; i < ids.size(); i++) {
                if (rows.get(i)[c] > 0) {
                    if (train.contains(ids.get(i))) {
                        inTrain++;
                    } else {
                        inVal++;
                    }
                }
            }
            if (inTrain + inVal >= 2) {
                assertTrue(inTrain > 0 && inVal > 0, "class " + c + ": train " + inTrain + ", val " + inVal);
            }
        }
    }

    @Test
    void keepsEveryClassOnBothSides() {
        for (long seed = 0; seed < 10; seed++) {
            List<float[]> rows = rows(seed);
            for (double fraction : new double[] {0.1, 0.2, 0.5}) {
                TrainValSplit split = StratifiedSplit.split(ids(60), rows, fraction, seed);
                assertEveryClassOnBothSides(ids(60), rows, split);
                // at 10% (6 images) val cannot hold all 20 classes; it grows only as far as needed
                int slack = fraction < 0.15 ? 10 : 3;
                assertTrue(split.val().size() >= 60 * fraction - 3 && split.val().size() <= 60 * fraction + slack,
                        "val size " + split.val().size() + " for fraction " + fraction);
            }
        }
    }

    @Test
    void twoImageClassWithATenthForValStillReachesVal() {
        // pure iterative stratification sends both images of class 3 to train (it wants 1.8 vs 0.2 there)
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            float[] t = new float[4];
            t[i % 3] = 1;
            if (i < 2) {
                t[3] = 1;
            }
            rows.add(t);
        }
        TrainValSplit split = StratifiedSplit.split(ids(20), rows, 0.1, 3);
        // val wants 2 images but needs 3 to hold classes 0, 1 and 2 (every image has exactly one of them)
        assertEquals(3, split.val().size());
        assertTrue(split.val().contains("img0") ^ split.val().contains("img1"), split.val().toString());
    }

    @Test
    void isDeterministicForASeedAndKeepsInputOrder() {
        List<float[]> rows = rows(1);
        TrainValSplit a = StratifiedSplit.split(ids(60), rows, 0.2, 42);
        TrainValSplit b = StratifiedSplit.split(ids(60), rows, 0.2, 42);
        assertEquals(a, b);
        List<String> sorted = new ArrayList<>(a.val());
        sorted.sort((x, y) -> Integer.compare(Integer.parseInt(x.substring(3)), Integer.parseInt(y.substring(3))));
        assertEquals(sorted, a.val());
        boolean anyDiffers = false;
        for (long seed = 43; seed < 48; seed++) {
            anyDiffers |= !StratifiedSplit.split(ids(60), rows, 0.2, seed).equals(a);
        }
        assertTrue(anyDiffers, "the seed should matter");
    }

    @Test
    void rejectsABadFraction() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StratifiedSplit.split(ids(2), rows(0).subList(0, 2), 1.0, 0));
        assertNotEquals(-1, e.getMessage().indexOf("valFraction"));
    }
}
