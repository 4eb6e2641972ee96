package org.vocvision.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompetitionDatasetTest {

    @TempDir Path root;

    private static final String HEADER = "Id," + String.join(",", VocClasses.NAMES);

    /** Two training images (0: person, 1: cat + dog) and one test image, written by hand. */
    private void write() throws IOException {
        Files.createDirectories(root.resolve("train/img"));
        Files.createDirectories(root.resolve("train/seg"));
        Files.createDirectories(root.resolve("test/img"));
        Files.writeString(root.resolve("train/train_set.csv"), HEADER + "\n"
                + "0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,0,0,0,0,0\n"
                + "1,0,0,0,0,0,0,0,1,0,0,0,1,0,0,0,0,0,0,0,0\n");
        Files.writeString(root.resolve("test/test_set.csv"), HEADER + "\n0" + ",-1".repeat(20) + "\n");
        for (String id : List.of("0", "1")) {
            NpyFormat.writeImage(root.resolve("train/img/train_" + id + ".npy"), RgbImage.blank(4, 5));
            NpyFormat.writeMask(root.resolve("train/seg/train_" + id + ".npy"), Mask.blank(4, 5));
        }
        NpyFormat.writeImage(root.resolve("test/img/test_0.npy"), RgbImage.blank(3, 2));
    }

    @Test
    void readsLabelsMasksAndTestImagesWithOverlappingIds() throws IOException {
        write();
        Dataset data = Datasets.open(root, null);
        assertEquals(Layout.COMPETITION, data.layout());
        assertEquals(List.of("train", "test"), data.splits());
        assertEquals("train", data.defaultSplit());
        assertEquals(List.of("0", "1"), data.ids("train"));
        Sample one = data.load("train", "1");
        assertEquals(Label.PRESENT, one.labels()[VocClasses.indexOf("cat")]);
        assertEquals(Label.PRESENT, one.labels()[VocClasses.indexOf("dog")]);
        assertEquals(Label.ABSENT, one.labels()[VocClasses.indexOf("person")]);
        assertEquals(4, one.mask().height());
        Sample test = data.load("test", "0");
        assertEquals(3, test.image().height());
        assertArrayEquals(Sample.unknownLabels(), test.labels());
        assertEquals(null, test.mask());
        assertEquals(4, data.load("train", "0").image().height(), "id 0 of train, not of test");
    }

    @Test
    void rejectsMissingClassColumns() throws IOException {
        write();
        Files.writeString(root.resolve("train/train_set.csv"), HEADER.replace(",sofa", "") + "\n");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> CompetitionDataset.open(root));
        assertTrue(e.getMessage().contains("train_set.csv") && e.getMessage().contains("missing columns [sofa]"),
                e.getMessage());
    }

    @Test
    void rejectsUnknownColumns() throws IOException {
        write();
        Files.writeString(root.resolve("test/test_set.csv"), HEADER.replace(",tvmonitor", ",tv,Unnamed: 0") + "\n");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> CompetitionDataset.open(root));
        String m = e.getMessage();
        assertTrue(m.contains("test_set.csv") && m.contains("missing columns [tvmonitor]")
                && m.contains("unknown columns [tv, Unnamed: 0]"), m);
    }

    @Test
    void rejectsABadLabelValue() throws IOException {
        write();
        Files.writeString(root.resolve("train/train_set.csv"), HEADER + "\n0,2" + ",0".repeat(19) + "\n");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> CompetitionDataset.open(root));
        assertTrue(e.getMessage().contains("train_set.csv") && e.getMessage().contains("line 2, column aeroplane"),
                e.getMessage());
    }

    @Test
    void rejectsAnIdWithNoImage() throws IOException {
        write();
        Files.delete(root.resolve("train/img/train_1.npy"));
        CompetitionDataset data = CompetitionDataset.open(root);
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> data.load("train", "1"));
        assertTrue(e.getMessage().contains("train_1.npy") && e.getMessage().contains("missing image"), e.getMessage());
    }

    @Test
    void rejectsAMaskOfAnotherSize() throws IOException {
        write();
        NpyFormat.writeMask(root.resolve("train/seg/train_0.npy"), Mask.blank(5, 4));
        InvalidDataException e = assertThrows(InvalidDataException.class,
                () -> CompetitionDataset.open(root).load("train", "0"));
        assertTrue(e.getMessage().contains("seg/train_0.npy") && e.getMessage().contains("mask is 5x4")
                && e.getMessage().contains("image is 4x5"), e.getMessage());
    }

    @Test
    void rejectsAMaskValueOutsideTheClasses() throws IOException {
        write();
        Mask mask = Mask.blank(4, 5);
        mask.set(3, 4, 21);
        NpyFormat.writeMask(root.resolve("train/seg/train_1.npy"), mask);
        InvalidDataException e = assertThrows(InvalidDataException.class,
                () -> CompetitionDataset.open(root).load("train", "1"));
        assertTrue(e.getMessage().contains("seg/train_1.npy") && e.getMessage().contains("value 21"), e.getMessage());
    }
}
