package org.vocvision.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The course competition's layout (docs/DATA.md): {@code train/train_set.csv} with
 * {@code train/img/train_{Id}.npy} and {@code train/seg/train_{Id}.npy}, and {@code test/test_set.csv}
 * with {@code test/img/test_{Id}.npy}.
 *
 * <p>The csv files are read and checked when the data set is opened (header, label values); image
 * files are read, and checked, one {@link #load} at a time, so a missing or broken file is reported
 * by the load that needs it (and can be skipped with {@link SkippingDataset}). When {@code train/seg/}
 * exists every training image must have its mask there; without it, training samples have no mask.
 */
public final class CompetitionDataset extends SplitsDataset<Map<String, Label[]>> {

    /** @param splits split -> (id -> labels), in csv order */
    private CompetitionDataset(Path root, Map<String, Map<String, Label[]>> splits) {
        super(Layout.COMPETITION, root, splits);
    }

    static boolean recognises(Path dir) {
        return Files.isRegularFile(csv(dir, "train")) || Files.isRegularFile(csv(dir, "test"));
    }

    public static CompetitionDataset open(Path root) {
        Map<String, Map<String, Label[]>> splits = new LinkedHashMap<>();
        for (String split : List.of("train", "test")) {
            Path csv = csv(root, split);
            if (Files.isRegularFile(csv)) {
                splits.put(split, readCsv(csv));
            }
        }
        if (splits.isEmpty()) {
            throw new InvalidDataException(root, "not a competition directory: expected train/train_set.csv"
                    + " or test/test_set.csv");
        }
        return new CompetitionDataset(root, splits);
    }

    static Path csv(Path root, String split) {
        return root.resolve(split).resolve(split + "_set.csv");
    }

    static Path imageFile(Path root, String split, String id) {
        return root.resolve(split).resolve("img").resolve(split + "_" + id + ".npy");
    }

    static Path maskFile(Path root, String split, String id) {
        return root.resolve(split).resolve("seg").resolve(split + "_" + id + ".npy");
    }

    @Override
    public String defaultSplit() {
        return bySplit.containsKey("train") ? "train" : "test";
    }

    @Override
    public List<String> ids(String split) {
        return List.copyOf(split(split).keySet());
    }

    /** Loads image {@code id} of {@code split}. */
    @Override
    public Sample load(String split, String id) {
        Label[] labels = labels(split, id);
        Path root = root();
        Path imageFile = imageFile(root, split, id);
        if (!Files.isRegularFile(imageFile)) {
            throw new InvalidDataException(imageFile, "missing image file for id " + id + " of " + csv(root, split));
        }
        RgbImage image = NpyFormat.readImage(imageFile);
        Mask mask = null;
        Path maskFile = maskFile(root, split, id);
        if (hasMask(split, id)) {
            if (!Files.isRegularFile(maskFile)) {
                throw new InvalidDataException(maskFile, "missing mask file for id " + id + " of " + csv(root, split));
            }
            mask = NpyFormat.readMask(maskFile);
            VocDataset.requireValid(maskFile, mask, image);
        }
        return new Sample(id, image, labels, mask, imageFile);
    }

    @Override
    public Label[] labels(String split, String id) {
        Label[] labels = split(split).get(id);
        if (labels == null) {
            throw noImage(split, id);
        }
        return labels.clone();
    }

    /** A split with a {@code seg/} directory has a mask for every image (a missing one fails its load). */
    @Override
    public boolean hasMask(String split, String id) {
        return Files.isDirectory(maskFile(root(), split, id).getParent());
    }

    private static Map<String, Label[]> readCsv(Path csv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidDataException(csv, "cannot read: " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new InvalidDataException(csv, "empty csv; expected a header Id," + String.join(",", VocClasses.NAMES));
        }
        String[] header = cells(lines.get(0).replace("\uFEFF", ""));
        int idColumn = -1;
        int[] classOfColumn = new int[header.length];
        List<String> unknown = new ArrayList<>();
        boolean[] seen = new boolean[VocClasses.COUNT];
        for (int i = 0; i < header.length; i++) {
            classOfColumn[i] = -1;
            String name = header[i];
            if (name.equals("Id") && idColumn < 0) {
                idColumn = i;
            } else if (VocClasses.NAMES.contains(name) && !seen[VocClasses.NAMES.indexOf(name)]) {
                classOfColumn[i] = VocClasses.NAMES.indexOf(name);
                seen[classOfColumn[i]] = true;
            } else {
                unknown.add(name);
            }
        }
        List<String> missing = new ArrayList<>();
        for (int c = 0; c < seen.length; c++) {
            if (!seen[c]) {
                missing.add(VocClasses.NAMES.get(c));
            }
        }
        if (idColumn < 0) {
            missing.add(0, "Id");
        }
        if (!missing.isEmpty() || !unknown.isEmpty()) {
            throw new InvalidDataException(csv, "bad header:"
                    + (missing.isEmpty() ? "" : " missing columns " + missing)
                    + (unknown.isEmpty() ? "" : " unknown columns " + unknown)
                    + "; expected Id and the 20 VOC classes " + VocClasses.NAMES);
        }
        Map<String, Label[]> rows = new LinkedHashMap<>();
        Map<String, Integer> lineOfId = new HashMap<>();
        for (int n = 1; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            String[] cells = cells(lines.get(n));
            if (cells.length != header.length) {
                throw new InvalidDataException(csv, "line " + (n + 1) + " has " + cells.length + " cells, the header "
                        + header.length);
            }
            String id = cells[idColumn];
            if (id.isEmpty()) {
                throw new InvalidDataException(csv, "line " + (n + 1) + " has an empty Id");
            }
            Integer earlier = lineOfId.put(id, n + 1);
            if (earlier != null) {
                throw new InvalidDataException(csv, "Id " + id + " appears on lines " + earlier + " and " + (n + 1));
            }
            Label[] labels = new Label[VocClasses.COUNT];
            for (int i = 0; i < cells.length; i++) {
                if (classOfColumn[i] >= 0) {
                    labels[classOfColumn[i]] = label(csv, n + 1, header[i], cells[i]);
                }
            }
            rows.put(id, labels);
        }
        return rows;
    }

    /** 1 PRESENT, 0 ABSENT, -1 UNKNOWN (the test set); pandas may have written them as 1.0. */
    private static Label label(Path csv, int line, String column, String cell) {
        double v;
        try {
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (v == 1) {
            return Label.PRESENT;
        } else if (v == 0) {
            return Label.ABSENT;
        } else if (v == -1) {
            return Label.UNKNOWN;
        }
        throw new InvalidDataException(csv, "line " + line + ", column " + column + ": '" + cell
                + "', expected 1, 0 or -1");
    }

    private static String[] cells(String line) {
        String[] cells = line.strip().split(",", -1);
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cells[i].strip();
        }
        return cells;
    }
}
