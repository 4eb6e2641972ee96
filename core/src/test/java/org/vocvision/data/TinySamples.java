package org.vocvision.data;

import java.util.Random;

/** Small hand-made samples for reader and writer tests. */
final class TinySamples {

    private TinySamples() {}

    /**
     * An {@code h x w} sample whose mask holds a block of each given class (1-based mask values) and a
     * void pixel, with labels PRESENT for those classes; pixels are seeded noise.
     */
    static Sample labelled(String id, int h, int w, long seed, int... classes) {
        Random random = new Random(seed);
        byte[] pixels = new byte[h * w * 3];
        random.nextBytes(pixels);
        Mask mask = Mask.blank(h, w);
        Label[] labels = new Label[VocClasses.COUNT];
        java.util.Arrays.fill(labels, Label.ABSENT);
        for (int k = 0; k < classes.length; k++) {
            int c = classes[k];
            labels[c - 1] = Label.PRESENT;
            // block k: rows 1..2 of column band k*3..k*3+1, away from the others (separate components)
            for (int y = 1; y < Math.min(3, h); y++) {
                for (int x = k * 3; x < Math.min(k * 3 + 2, w); x++) {
                    mask.set(y, x, c);
                }
            }
        }
        mask.set(h - 1, w - 1, VocClasses.VOID);
        return new Sample(id, new RgbImage(h, w, pixels), labels, mask, null);
    }

    static Sample test(String id, int h, int w, long seed) {
        byte[] pixels = new byte[h * w * 3];
        new Random(seed).nextBytes(pixels);
        return new Sample(id, new RgbImage(h, w, pixels), Sample.unknownLabels(), null, null);
    }
}
