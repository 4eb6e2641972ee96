package org.vocvision.submit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vocvision.data.Mask;

/** Expected strings: the template's {@code _rle_encode}, printed by src/test/python/rle_reference.py. */
class RunLengthEncodingTest {

    static boolean[] classes(int... indices) {
        boolean[] c = new boolean[20];
        for (int i : indices) {
            c[i] = true;
        }
        return c;
    }

    /** rle_reference.py's pattern(h, w): ((31y + 17x + xy) mod 23), 21 and 22 as 0. */
    static Mask pattern(int h, int w) {
        Mask m = Mask.blank(h, w);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = (31 * y + 17 * x + x * y) % 23;
                m.set(y, x, v > 20 ? 0 : v);
            }
        }
        return m;
    }

    /** rle_reference.py's blocks(h, w): ((y / 2) * 5 + x / 3) mod 21. */
    static Mask blocks(int h, int w) {
        Mask m = Mask.blank(h, w);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                m.set(y, x, ((y / 2) * 5 + x / 3) % 21);
            }
        }
        return m;
    }

    static Mask filled(int h, int w, int value) {
        Mask m = Mask.blank(h, w);
        java.util.Arrays.fill(m.values(), (byte) value);
        return m;
    }

    @Test
    void classificationRowsMatchTheTemplate() {
        assertEquals("", RunLengthEncoding.encode(classes()));
        assertEquals("1 20", RunLengthEncoding.encode(classes(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19)));
        assertEquals("1 1", RunLengthEncoding.encode(classes(0)));
        assertEquals("20 1", RunLengthEncoding.encode(classes(19)));
        assertEquals("9 1 15 1 20 1", RunLengthEncoding.encode(classes(8, 14, 19)));
        assertEquals("15 2", RunLengthEncoding.encode(classes(14, 15)));
    }

    @Test
    void segmentationRowsMatchTheTemplate() {
        assertEquals("", RunLengthEncoding.encodeSegmentation(Mask.blank(3, 4)));
        assertEquals("1 12", RunLengthEncoding.encodeSegmentation(filled(3, 4, 1)));
        assertEquals("229 12", RunLengthEncoding.encodeSegmentation(filled(3, 4, 20)));
        Mask first = Mask.blank(3, 4);
        first.set(0, 0, 1);
        assertEquals("1 1", RunLengthEncoding.encodeSegmentation(first));
        Mask last = Mask.blank(3, 4);
        last.set(2, 3, 20);
        assertEquals("240 1", RunLengthEncoding.encodeSegmentation(last));
        Mask one = new Mask(1, 1, new byte[] {5});
        assertEquals("5 1", RunLengthEncoding.encodeSegmentation(one));
    }

    @Test
    void allOnesStackIsOneRun() {
        // the template's encoding of np.ones((20, 3, 4)) is "1 240"
        boolean[] ones = new boolean[240];
        java.util.Arrays.fill(ones, true);
        assertEquals("1 240", RunLengthEncoding.encode(ones));
    }

    @Test
    void runsCrossFromOnePlaneIntoTheNext() {
        Mask m = Mask.blank(3, 4);
        m.set(2, 2, 3);
        m.set(2, 3, 3);
        m.set(0, 0, 4);
        m.set(0, 1, 4);
        assertEquals("35 4", RunLengthEncoding.encodeSegmentation(m));
        Mask gap = Mask.blank(3, 4);
        gap.set(2, 3, 7);
        gap.set(0, 0, 8);
        for (int x = 0; x < 4; x++) {
            gap.set(1, x, 8);
        }
        assertEquals("84 2 89 4", RunLengthEncoding.encodeSegmentation(gap));
    }

    @Test
    void nonSquareMasksMatchTheTemplate() {
        assertEquals("14 1 22 1 33 1 79 1 102 1 123 1 144 1 171 1 188 1 203 1 240 1 253 1 262 1 307 1 309 1 322 1 353 1"
                + " 362 1 401 1 411 1 511 1 515 1 531 1 536 1 540 1 562 1 619 1 650 1 700 1",
                RunLengthEncoding.encodeSegmentation(pattern(5, 7)));
        assertEquals("18 1 79 1 98 1 107 1 121 1 125 1 136 1 182 1 229 1 243 1 256 1 275 1 285 1 304 1 333 1 346 1 360 1"
                + " 387 1 449 1 472 1 491 1 501 1 510 1 518 1 530 1 613 1 622 1",
                RunLengthEncoding.encodeSegmentation(pattern(3, 11)));
        assertEquals("4 3 13 3 61 3 70 3 235 3 244 3 292 3 301 3 349 3 358 3 523 3 532 3 580 3 589 3 637 3 646 3",
                RunLengthEncoding.encodeSegmentation(blocks(6, 9)));
        assertEquals("4 1 8 1 153 3 157 3 192 1 196 1 341 3 345 3 380 1 384 1 529 3 533 3 568 1 572 1 717 3",
                RunLengthEncoding.encodeSegmentation(blocks(9, 4)));
    }

    @Test
    void decodeInvertsEncodeOnRandomMasks() {
        Random random = new Random(20260101);
        for (int trial = 0; trial < 300; trial++) {
            int h = 1 + random.nextInt(40);
            int w = 1 + random.nextInt(40);
            Mask mask = Mask.blank(h, w);
            // a few classes in blobs, so runs are long and cross planes sometimes
            int classes = 1 + random.nextInt(4);
            int[] palette = new int[classes + 1];
            for (int k = 1; k <= classes; k++) {
                palette[k] = 1 + random.nextInt(20);
            }
            int value = 0;
            for (int i = 0; i < h * w; i++) {
                if (random.nextInt(6) == 0) {
                    value = palette[random.nextInt(classes + 1)];
                }
                mask.values()[i] = (byte) value;
            }
            String field = RunLengthEncoding.encodeSegmentation(mask);
            Mask decoded = RunLengthEncoding.decodeSegmentation(field, h, w);
            assertArrayEquals(mask.values(), decoded.values(), "mask " + h + "x" + w + " trial " + trial);
            assertEquals(field, RunLengthEncoding.decode(field, 20L * h * w).encode());

            boolean[] bits = new boolean[1 + random.nextInt(60)];
            for (int i = 0; i < bits.length; i++) {
                bits[i] = random.nextInt(3) == 0;
            }
            assertArrayEquals(bits, RunLengthEncoding.decode(RunLengthEncoding.encode(bits), bits.length).toBits(bits.length));
        }
    }

    @Test
    void decodeNamesTheProblem() {
        assertEquals(0, RunLengthEncoding.decode("", 20).size());
        assertEquals(2, RunLengthEncoding.decode("1 2 4 1", 20).size());
        assertTrue(RunLengthEncoding.decode("1 2 3 1", 20).size() == 2, "touching runs are ascending and do not overlap");
        assertMessage("odd number", () -> RunLengthEncoding.decode("1 2 4", 20));
        assertMessage("not a positive integer", () -> RunLengthEncoding.decode("1 x", 20));
        assertMessage("not a positive integer", () -> RunLengthEncoding.decode("1 -2", 20));
        assertMessage("at least 1", () -> RunLengthEncoding.decode("0 2", 20));
        assertMessage("at least 1", () -> RunLengthEncoding.decode("3 0", 20));
        assertMessage("single spaces", () -> RunLengthEncoding.decode("1  2", 20));
        assertMessage("single spaces", () -> RunLengthEncoding.decode(" 1 2", 20));
        assertMessage("ascending", () -> RunLengthEncoding.decode("5 1 3 1", 20));
        assertMessage("ascending", () -> RunLengthEncoding.decode("1 5 3 1", 20));
        assertMessage("past the last position 20", () -> RunLengthEncoding.decode("19 3", 20));
        assertMessage("pixel 4 is in class 1 and in class 2", () -> RunLengthEncoding.decodeSegmentation("5 1 11 1", 2, 3));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
