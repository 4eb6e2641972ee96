package org.vocvision.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Opens a data set directory, recognising its layout from its contents unless one is given. */
public final class Datasets {

    private static final String EXPECTED = "expected a VOCdevkit year directory (JPEGImages/, Annotations/,"
            + " SegmentationClass/, ImageSets/) or a competition directory (train/train_set.csv, train/img/,"
            + " train/seg/, test/test_set.csv, test/img/)";

    private Datasets() {}

    /**
     * Opens {@code dir} as a data set.
     *
     * @param layout the layout to use, or {@code null} to recognise it from the directory's contents
     * @throws InvalidDataException when the directory is missing, empty or of no known layout
     */
    public static Dataset open(Path dir, Layout layout) {
        if (!Files.exists(dir)) {
            throw new InvalidDataException(dir, "no such directory; " + EXPECTED);
        }
        if (!Files.isDirectory(dir)) {
            throw new InvalidDataException(dir, "not a directory; " + EXPECTED);
        }
        List<String> entries = entries(dir);
        if (entries.isEmpty()) {
            throw new InvalidDataException(dir, "directory is empty; " + EXPECTED);
        }
        if (layout == Layout.COMPETITION || layout == null && CompetitionDataset.recognises(dir)) {
            return CompetitionDataset.open(dir);
        }
        if (layout == Layout.VOC || VocDataset.recognises(dir)) {
            return VocDataset.open(dir);
        }
        throw new InvalidDataException(dir, "unrecognised data directory (it holds "
                + (entries.size() > 8 ? entries.subList(0, 8) + "..." : entries) + "); " + EXPECTED);
    }

    private static List<String> entries(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName() + (Files.isDirectory(p) ? "/" : "")).sorted().toList();
        } catch (IOException e) {
            throw new InvalidDataException(dir, "cannot list directory: " + e.getMessage(), e);
        }
    }
}
