package org.vocvision.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code synth} writes is, read back by the readers, exactly what the generator made. */
class SyntheticWriteTest {

    @Test
    void competitionLayoutReadsBackByteForByte(@TempDir Path dir) {
        SyntheticVoc synth = SyntheticVoc.builder().optSeed(5).optLongSide(40).build();
        synth.write(dir, Layout.COMPETITION, 6, 3);
        InMemoryDataset made = synth.dataset(6, 3);
        Dataset read = Datasets.open(dir, null);
        assertEquals(Layout.COMPETITION, read.layout());
        assertEquals(made.ids("train"), read.ids("train"));
        assertEquals(made.ids("test"), read.ids("test"));
        for (String split : List.of("train", "test")) {
            for (String id : read.ids(split)) {
                Sample expected = made.load(split, id);
                Sample actual = read.load(split, id);
                assertArrayEquals(expected.image().pixels(), actual.image().pixels(), split + " image " + id);
                assertArrayEquals(expected.labels(), actual.labels(), split + " labels " + id);
                if (expected.hasMask()) {
                    assertArrayEquals(expected.mask().values(), actual.mask().values(), "mask " + id);
                } else {
                    assertNull(actual.mask(), "test image " + id + " has no mask");
                }
            }
        }
    }

    @Test
    void vocLayoutKeepsMasksLabelsAndAStratifiedVal(@TempDir Path dir) {
        SyntheticVoc synth = SyntheticVoc.builder().optSeed(6).optLongSide(40).optVoidBand(true).build();
        synth.write(dir, Layout.VOC, 20, 4);
        Dataset read = Datasets.open(dir, null);
        assertEquals(Layout.VOC, read.layout());
        InMemoryDataset made = synth.dataset(Layout.VOC, 20, 4);
        List<String> trainval = new ArrayList<>(read.ids("train"));
        trainval.addAll(read.ids("val"));
        assertEquals(20, trainval.size());
        int masked = 0;
        for (String id : trainval) {
            Sample expected = made.load("train", id);
            Sample actual = read.load("trainval", id);
            // like VOCdevkit, only some images have a segmentation mask
            assertEquals(expected.mask() == null, actual.mask() == null, "mask present " + id);
            if (expected.mask() != null) {
                assertArrayEquals(expected.mask().values(), actual.mask().values(), "mask " + id);
                masked++;
            }
            assertArrayEquals(expected.labels(), actual.labels(), "labels " + id);
        }
        assertTrue(masked > 0 && masked < trainval.size(), masked + " of " + trainval.size() + " have masks");
    }
}
