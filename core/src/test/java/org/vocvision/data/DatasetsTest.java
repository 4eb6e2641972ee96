package org.vocvision.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

    @TempDir Path dir;

    @Test
    void rejectsAnEmptyDirectory() {
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> Datasets.open(dir, null));
        assertTrue(e.getMessage().startsWith(dir.toString()) && e.getMessage().contains("empty")
                && e.getMessage().contains("JPEGImages") && e.getMessage().contains("train_set.csv"), e.getMessage());
    }

    @Test
    void rejectsAMissingDirectory() {
        Path missing = dir.resolve("nope");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> Datasets.open(missing, null));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("no such directory"), e.getMessage());
    }

    @Test
    void rejectsAnUnrecognisedDirectoryNamingWhatItHolds() throws IOException {
        Files.createDirectories(dir.resolve("images"));
        Files.writeString(dir.resolve("labels.json"), "{}");
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> Datasets.open(dir, null));
        assertTrue(e.getMessage().contains("unrecognised") && e.getMessage().contains("[images/, labels.json]")
                && e.getMessage().contains("expected a VOCdevkit"), e.getMessage());
    }

    @Test
    void aGivenLayoutThatDoesNotFitSaysWhatWasExpected() throws IOException {
        Files.createDirectories(dir.resolve("JPEGImages"));
        Files.createDirectories(dir.resolve("ImageSets/Main"));
        InvalidDataException e = assertThrows(InvalidDataException.class,
                () -> Datasets.open(dir, Layout.COMPETITION));
        assertTrue(e.getMessage().contains("train/train_set.csv"), e.getMessage());
    }

    @Test
    void recognisesBothLayouts() {
        Path competition = dir.resolve("c");
        Path voc = dir.resolve("v");
        List<Sample> train = List.of(TinySamples.labelled("0", 4, 6, 1, 15));
        DatasetWriter.write(competition, Layout.COMPETITION, train, List.of());
        DatasetWriter.write(voc, Layout.VOC, train, List.of());
        assertEquals(Layout.COMPETITION, Datasets.open(competition, null).layout());
        assertEquals(Layout.VOC, Datasets.open(voc, null).layout());
    }
}
