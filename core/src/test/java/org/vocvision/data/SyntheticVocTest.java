package org.vocvision.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SyntheticVocTest {

    private static final SyntheticVoc SMALL = SyntheticVoc.builder().optSeed(7).optLongSide(64).build();

    @Test
    void sameSeedGivesIdenticalBytesAndOtherSeedDiffers() {
        SyntheticVoc again = SyntheticVoc.builder().optSeed(7).optLongSide(64).build();
        SyntheticVoc other = SyntheticVoc.builder().optSeed(8).optLongSide(64).build();
        List<Sample> parallel = SMALL.samples("s", 12);
        for (int i = 0; i < 12; i++) {
            Sample a = SMALL.generate("s" + i, i);
            Sample b = again.generate("s" + i, i);
            assertArrayEquals(a.image().pixels(), b.image().pixels());
            assertArrayEquals(a.mask().values(), b.mask().values());
            assertArrayEquals(a.labels(), b.labels());
            // made on several threads, in any order: still the same bytes
            assertArrayEquals(a.image().pixels(), parallel.get(i).image().pixels());
            assertArrayEquals(a.mask().values(), parallel.get(i).mask().values());
            assertEquals("s" + i, parallel.get(i).id());
            Sample c = other.generate("s" + i, i);
            assertFalse(Arrays.equals(a.image().pixels(), c.image().pixels()), "seed 8 repeats seed 7's image " + i);
        }
        assertFalse(Arrays.equals(SMALL.generate("a", 0).image().pixels(), SMALL.generate("a", 1).image().pixels()));
    }

    @Test
    void labelsFollowTheMaskAndEveryImageHasAnObject() {
        for (SyntheticVoc g : List.of(SMALL, SyntheticVoc.builder().optSeed(3).optLongSide(64).optVoidBand(true).build())) {
            for (int i = 0; i < 80; i++) {
                Sample s = g.generate("x", i);
                int[] counts = classCounts(s.mask());
                int min = SyntheticVoc.minVisiblePixels(s.mask().height(), s.mask().width());
                int present = 0;
                for (int c = 0; c < VocClasses.COUNT; c++) {
                    if (s.labels()[c] == Label.PRESENT) {
                        present++;
                        assertTrue(counts[c + 1] >= min, "class " + c + " present with " + counts[c + 1] + " pixels");
                    } else {
                        assertEquals(Label.ABSENT, s.labels()[c]);
                        assertEquals(0, counts[c + 1], "absent class " + c + " has mask pixels in image " + i);
                    }
                }
                assertTrue(present >= 1, "image " + i + " has no object");
                assertTrue(present <= 4, "image " + i + " has " + present + " classes");
                assertEquals(-1, s.mask().firstInvalidValue());
            }
        }
    }

    @Test
    void personIsAboutThreeTimesAsFrequentAsEachOtherClass() {
        SyntheticVoc g = SyntheticVoc.builder().optSeed(11).optLongSide(48).build();
        int[] images = new int[VocClasses.COUNT];
        for (Sample s : g.samples("p", 400)) {
            for (int c = 0; c < VocClasses.COUNT; c++) {
                if (s.labels()[c] == Label.PRESENT) {
                    images[c]++;
                }
            }
        }
        int person = VocClasses.indexOf("person");
        double others = (Arrays.stream(images).sum() - images[person]) / 19.0;
        double ratio = images[person] / others;
        assertTrue(ratio > 2.0 && ratio < 4.5, "person/other ratio " + ratio + " " + Arrays.toString(images));
        for (int c = 0; c < VocClasses.COUNT; c++) {
            assertTrue(images[c] > 0.4 * others, "class " + VocClasses.NAMES.get(c) + " rare: " + images[c]);
        }
    }

    @Test
    void sizesVaryLikeVocAndTheLongSideIsTheOption() {
        for (int longSide : new int[] {48, 64}) {
            SyntheticVoc g = SyntheticVoc.builder().optSeed(5).optLongSide(longSide).build();
            Set<String> sizes = new HashSet<>();
            int portrait = 0;
            for (int i = 0; i < 60; i++) {
                RgbImage im = g.generate("z", i).image();
                assertEquals(longSide, Math.max(im.height(), im.width()));
                sizes.add(im.height() + "x" + im.width());
                portrait += im.height() > im.width() ? 1 : 0;
            }
            assertTrue(sizes.size() >= 4, "sizes " + sizes);
            assertTrue(portrait > 5 && portrait < 40, portrait + " portrait images of 60");
        }
    }

    @Test
    void voidBandOnlyWhenEnabledAndExactlyAlongBoundaries() {
        SyntheticVoc plain = SyntheticVoc.builder().optSeed(9).optLongSide(64).build();
        SyntheticVoc banded = SyntheticVoc.builder().optSeed(9).optLongSide(64).optVoidBand(true).build();
        int r = banded.bandWidth();
        int voids = 0;
        for (int i = 0; i < 20; i++) {
            Sample a = plain.generate("v", i);
            Sample b = banded.generate("v", i);
            assertArrayEquals(a.image().pixels(), b.image().pixels(), "the band changes only the mask");
            Mask m = a.mask();
            for (int y = 0; y < m.height(); y++) {
                for (int x = 0; x < m.width(); x++) {
                    assertTrue(m.get(y, x) != VocClasses.VOID, "void without the band at " + y + "," + x);
                    boolean boundary = false;
                    for (int dy = -r; dy <= r; dy++) {
                        for (int dx = -r; dx <= r; dx++) {
                            int yy = y + dy;
                            int xx = x + dx;
                            if (yy >= 0 && xx >= 0 && yy < m.height() && xx < m.width() && m.get(yy, xx) != m.get(y, x)) {
                                boundary = true;
                            }
                        }
                    }
                    int expected = boundary ? VocClasses.VOID : m.get(y, x);
                    assertEquals(expected, b.mask().get(y, x), "image " + i + " pixel " + y + "," + x);
                    voids += boundary ? 1 : 0;
                }
            }
        }
        assertTrue(voids > 100, "only " + voids + " void pixels in 20 images");
    }

    @Test
    void objectsCoverTenToSixtyPercentOnAverage() {
        double sum = 0;
        int n = 100;
        double least = 1;
        for (int i = 0; i < n; i++) {
            Mask m = SMALL.generate("c", i).mask();
            int[] counts = classCounts(m);
            double fg = 1 - counts[0] / (double) (m.height() * m.width());
            sum += fg;
            least = Math.min(least, fg);
        }
        double mean = sum / n;
        assertTrue(mean >= 0.10 && mean <= 0.60, "mean coverage " + mean);
        assertTrue(least > 0.01, "an image with coverage " + least);
    }

    @Test
    void datasetHasLabelledTrainAndUnlabelledTestBothNumberedFromZero() {
        InMemoryDataset d = SMALL.dataset(5, 3);
        assertEquals(List.of("train", "test"), d.splits());
        assertEquals("train", d.defaultSplit());
        assertEquals(List.of("0", "1", "2", "3", "4"), d.ids("train"));
        // as in the course's data: test ids start at 0 again, so id 1 names a training AND a test image
        assertEquals(List.of("0", "1", "2"), d.ids("test"));
        assertArrayEquals(SMALL.generate("2", 2).image().pixels(), d.load("train", "2").image().pixels());
        Sample test = d.load("test", "1");
        assertNull(test.mask());
        assertTrue(Arrays.stream(test.labels()).allMatch(l -> l == Label.UNKNOWN));
        assertArrayEquals(SMALL.generate("1", 6).image().pixels(), test.image().pixels());
        assertFalse(Arrays.equals(d.load("train", "1").image().pixels(), test.image().pixels()));
    }

    @Test
    void vocShapedDatasetHasVocNamesAndMasksForAboutAThird() {
        InMemoryDataset d = SMALL.dataset(Layout.VOC, 60, 2);
        assertEquals(Layout.VOC, d.layout());
        assertEquals(List.of("train", "test"), d.splits());
        assertEquals(List.of("2009_000060", "2009_000061"), d.ids("test"));
        Sample four = d.load("train", "2009_000004");
        assertTrue(Arrays.stream(four.labels()).noneMatch(l -> l == Label.UNKNOWN));
        long masked = d.ids("train").stream().filter(id -> d.hasMask("train", id)).count();
        // real VOCdevkit: 2913 of 11540 trainval images have masks; here one in three is drawn per image
        assertTrue(masked >= 10 && masked <= 30, masked + " of 60 training images have masks");
        for (int i = 0; i < 60; i++) {
            String id = String.format("2009_%06d", i);
            assertEquals(SMALL.hasVocMask(i), d.hasMask("train", id), id);
            if (d.hasMask("train", id)) {
                assertArrayEquals(SMALL.generate(id, i).mask().values(), d.load("train", id).mask().values());
            }
        }
    }

    private static int[] classCounts(Mask m) {
        int[] counts = new int[256];
        for (byte b : m.values()) {
            counts[b & 0xFF]++;
        }
        return counts;
    }
}
