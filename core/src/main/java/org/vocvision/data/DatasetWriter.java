package org.vocvision.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes samples as either layout, so that {@link Datasets#open} reads them back.
 *
 * <p>Competition: the csv files and {@code .npy} arrays, exact (a DIFFICULT label is written as 1, since
 * the csv has no "difficult"). Training masks are written when every training sample has one.
 *
 * <p>VOC: {@code JPEGImages} (JPEG quality 0.95, so pixels come back only approximately),
 * {@code SegmentationClass} palette PNGs, {@code Annotations} XML with one box per 8-connected region
 * of each class the labels call present (a present class without mask pixels, or without a mask, gets
 * a whole-image box), and the id lists: {@code ImageSets/Main/{split}.txt} and
 * {@code {class}_{split}.txt} for train, val and trainval (labels exact, 0 = difficult),
 * {@code ImageSets/Segmentation/{split}.txt} for the samples with masks, and
 * {@code ImageSets/Main/test.txt} for the test samples (no labels).
 */
public final class DatasetWriter {

    /** JPEG quality of written VOC images. */
    static final float JPEG_QUALITY = 0.95f;

    private DatasetWriter() {}

    /**
     * Writes {@code train} and {@code test} as {@code layout}. For VOC every training sample goes to the
     * train split (and trainval); use {@link #writeVoc} to hold some out as val.
     */
    public static void write(Path out, Layout layout, List<Sample> train, List<Sample> test) {
        switch (layout) {
            case COMPETITION -> writeCompetition(out, train, test);
            case VOC -> writeVoc(out, train, List.of(), test);
        }
    }

    /**
     * Writes a VOC year directory whose val split holds the training samples with ids in {@code valIds},
     * train the rest, and trainval all of them.
     *
     * @throws IllegalArgumentException when a val id is not among the training samples
     */
    public static void writeVoc(Path out, List<Sample> train, List<String> valIds, List<Sample> test) {
        Set<String> val = new HashSet<>(valIds);
        Set<String> trainIds = new HashSet<>();
        for (Sample s : train) {
            trainIds.add(s.id());
        }
        for (String id : valIds) {
            if (!trainIds.contains(id)) {
                throw new IllegalArgumentException("val id '" + id + "' is not among the training samples");
            }
        }
        Path jpeg = mkdirs(out.resolve("JPEGImages"));
        Path annotations = mkdirs(out.resolve("Annotations"));
        Path masks = mkdirs(out.resolve("SegmentationClass"));
        Path main = mkdirs(out.resolve("ImageSets/Main"));
        Path segmentation = mkdirs(out.resolve("ImageSets/Segmentation"));
        for (Sample s : concat(train, test)) {
            JpegImage.write(jpeg.resolve(s.id() + ".jpg"), s.image(), JPEG_QUALITY);
            if (s.hasMask()) {
                PalettePng.write(masks.resolve(s.id() + ".png"), s.mask());
            }
        }
        for (Sample s : train) {
            annotation(s).write(annotations.resolve(s.id() + ".xml"));
        }
        Map<String, List<Sample>> splits = new LinkedHashMap<>();
        splits.put("train", train.stream().filter(s -> !val.contains(s.id())).toList());
        if (!val.isEmpty()) {
            splits.put("val", train.stream().filter(s -> val.contains(s.id())).toList());
        }
        splits.put("trainval", train);
        for (Map.Entry<String, List<Sample>> split : splits.entrySet()) {
            List<Sample> samples = split.getValue();
            writeLines(main.resolve(split.getKey() + ".txt"), samples.stream().map(Sample::id).toList());
            for (int c = 0; c < VocClasses.COUNT; c++) {
                List<String> lines = new ArrayList<>();
                for (Sample s : samples) {
                    // the devkit's "%s %2d": "2008_000008  1"
                    lines.add(String.format("%s %2d", s.id(), vocLabel(s, c)));
                }
                writeLines(main.resolve(VocClasses.NAMES.get(c) + "_" + split.getKey() + ".txt"), lines);
            }
            List<String> withMasks = samples.stream().filter(Sample::hasMask).map(Sample::id).toList();
            if (!withMasks.isEmpty()) {
                writeLines(segmentation.resolve(split.getKey() + ".txt"), withMasks);
            }
        }
        if (!test.isEmpty()) {
            writeLines(main.resolve("test.txt"), test.stream().map(Sample::id).toList());
        }
    }

    private static void writeCompetition(Path out, List<Sample> train, List<Sample> test) {
        boolean masks = !train.isEmpty() && train.stream().allMatch(Sample::hasMask);
        if (!masks && train.stream().anyMatch(Sample::hasMask)) {
            throw new IllegalArgumentException("the competition layout needs a mask for every training image or"
                    + " for none; some training samples have no mask");
        }
        String header = "Id," + String.join(",", VocClasses.NAMES);
        if (!train.isEmpty()) {
            Path img = mkdirs(out.resolve("train/img"));
            Path seg = masks ? mkdirs(out.resolve("train/seg")) : null;
            List<String> rows = new ArrayList<>(List.of(header));
            for (Sample s : train) {
                StringBuilder row = new StringBuilder(s.id());
                for (Label l : s.labels()) {
                    if (l == Label.UNKNOWN) {
                        throw new IllegalArgumentException("training sample " + s.id() + " has unknown labels");
                    }
                    row.append(',').append(l == Label.ABSENT ? 0 : 1);
                }
                rows.add(row.toString());
                NpyFormat.writeImage(img.resolve("train_" + s.id() + ".npy"), s.image());
                if (masks) {
                    NpyFormat.writeMask(seg.resolve("train_" + s.id() + ".npy"), s.mask());
                }
            }
            writeLines(out.resolve("train/train_set.csv"), rows);
        }
        if (!test.isEmpty()) {
            Path img = mkdirs(out.resolve("test/img"));
            List<String> rows = new ArrayList<>(List.of(header));
            String unknown = ",-1".repeat(VocClasses.COUNT);
            for (Sample s : test) {
                rows.add(s.id() + unknown);
                NpyFormat.writeImage(img.resolve("test_" + s.id() + ".npy"), s.image());
            }
            writeLines(out.resolve("test/test_set.csv"), rows);
        }
    }

    private static VocAnnotation annotation(Sample s) {
        int h = s.image().height();
        int w = s.image().width();
        List<VocObject> objects = new ArrayList<>();
        boolean[] boxed = new boolean[VocClasses.COUNT];
        if (s.hasMask()) {
            for (VocObject o : MaskRegions.boxes(s.mask(), s.labels())) {
                int c = VocClasses.indexOf(o.name());
                if (s.labels()[c] == Label.PRESENT || s.labels()[c] == Label.DIFFICULT) {
                    objects.add(o);
                    boxed[c] = true;
                }
            }
        }
        for (int c = 0; c < VocClasses.COUNT; c++) {
            Label l = s.labels()[c];
            if (!boxed[c] && (l == Label.PRESENT || l == Label.DIFFICULT)) {
                objects.add(new VocObject(VocClasses.NAMES.get(c), 1, 1, w, h, l == Label.DIFFICULT, true));
            }
        }
        return new VocAnnotation(s.id() + ".jpg", w, h, objects);
    }

    private static int vocLabel(Sample s, int c) {
        return switch (s.labels()[c]) {
            case PRESENT -> 1;
            case ABSENT -> -1;
            case DIFFICULT -> 0;
            case UNKNOWN -> throw new IllegalArgumentException("training sample " + s.id() + " has unknown labels");
        };
    }

    private static List<Sample> concat(List<Sample> a, List<Sample> b) {
        List<Sample> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Path mkdirs(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InvalidDataException(dir, "cannot create directory: " + e.getMessage(), e);
        }
    }

    private static void writeLines(Path file, List<String> lines) {
        try {
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidDataException(file, "cannot write: " + e.getMessage(), e);
        }
    }
}
