package org.vocvision.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A VOCdevkit year directory (VOC2007 to VOC2012): {@code JPEGImages/}, {@code Annotations/},
 * {@code SegmentationClass/}, {@code ImageSets/Main/} and {@code ImageSets/Segmentation/}.
 *
 * <p>Splits are train, val, trainval and test, whichever have an id list. A split's ids come from
 * {@code ImageSets/Main} when it has the split, else from {@code ImageSets/Segmentation}. Where both
 * have the split and their lists differ (VOC2012: 11540 vs 2913 trainval images), the segmentation
 * list is also offered as {@code seg_train}, {@code seg_val}, {@code seg_trainval}.
 *
 * <p>An image's labels come from the {@code ImageSets/Main/{class}_{split}.txt} files (1, -1, 0 =
 * difficult) when all 20 classes list it; else from its annotation XML (a class seen only in
 * difficult objects is DIFFICULT); else from its mask (a class with pixels is PRESENT); else they are
 * UNKNOWN (test images).
 */
public final class VocDataset extends SplitsDataset<List<String>> {

    static final List<String> SPLITS = List.of("train", "val", "trainval", "test");
    private static final String SEG_PREFIX = "seg_";
    private static final Pattern YEAR_DIR = Pattern.compile("VOC\\d{4}");

    private final Map<String, Set<String>> idSets = new java.util.concurrent.ConcurrentHashMap<>();
    private Map<String, Label[]> mainLabels;

    /** @param splitIds split -> its ids */
    private VocDataset(Path root, Map<String, List<String>> splitIds) {
        super(Layout.VOC, root, splitIds);
    }

    /** Whether {@code dir} looks like a VOC year directory, a VOCdevkit directory or its parent. */
    static boolean recognises(Path dir) {
        return !yearDirs(dir).isEmpty();
    }

    /**
     * Opens a VOC year directory, or a VOCdevkit directory (or its parent) that holds exactly one
     * VOC20xx directory.
     */
    public static VocDataset open(Path dir) {
        List<Path> years = yearDirs(dir);
        if (years.isEmpty()) {
            throw new InvalidDataException(dir, "not a VOC directory: expected JPEGImages/ and ImageSets/"
                    + " (a VOCdevkit/VOC20xx directory)");
        }
        if (years.size() > 1) {
            throw new InvalidDataException(dir, "holds several VOC years " + years.stream()
                    .map(p -> p.getFileName().toString()).toList() + "; point at one of them");
        }
        Path root = years.get(0);
        Map<String, List<String>> ids = new HashMap<>();
        Path main = root.resolve("ImageSets/Main");
        Path seg = root.resolve("ImageSets/Segmentation");
        for (String split : SPLITS) {
            List<String> mainIds = mainIds(main, split);
            List<String> segIds = Files.isRegularFile(seg.resolve(split + ".txt"))
                    ? readIdList(seg.resolve(split + ".txt")) : null;
            if (mainIds != null) {
                ids.put(split, mainIds);
                if (segIds != null && !segIds.equals(mainIds)) {
                    ids.put(SEG_PREFIX + split, segIds);
                }
            } else if (segIds != null) {
                ids.put(split, segIds);
            }
        }
        if (ids.isEmpty()) {
            throw new InvalidDataException(root.resolve("ImageSets"), "no id lists: expected ImageSets/Main/"
                    + "{class}_{split}.txt or ImageSets/Segmentation/{split}.txt for a split of " + SPLITS);
        }
        return new VocDataset(root, ids);
    }

    /** The plain splits in {@link #SPLITS} order, then the segmentation lists that differ from them. */
    @Override
    public List<String> splits() {
        List<String> names = new ArrayList<>();
        for (String s : SPLITS) {
            if (bySplit.containsKey(s)) {
                names.add(s);
            }
        }
        for (String s : SPLITS) {
            if (bySplit.containsKey(SEG_PREFIX + s)) {
                names.add(SEG_PREFIX + s);
            }
        }
        return names;
    }

    @Override
    public String defaultSplit() {
        for (String s : List.of("trainval", "train", "val", "test")) {
            if (bySplit.containsKey(s)) {
                return s;
            }
        }
        return splits().get(0);
    }

    @Override
    public List<String> ids(String split) {
        return split(split);
    }

    @Override
    public Sample load(String split, String id) {
        requireIn(split, id);
        Path imageFile = root().resolve("JPEGImages").resolve(id + ".jpg");
        RgbImage image = JpegImage.read(imageFile);
        Path maskFile = maskFile(id);
        Mask mask = Files.isRegularFile(maskFile) ? PalettePng.read(maskFile) : null;
        if (mask != null) {
            requireValid(maskFile, mask, image);
        }
        return new Sample(id, image, labels(id, () -> mask), mask, imageFile);
    }

    @Override
    public Label[] labels(String split, String id) {
        requireIn(split, id);
        return labels(id, () -> {
            Path maskFile = maskFile(id);
            return Files.isRegularFile(maskFile) ? PalettePng.read(maskFile) : null;
        });
    }

    @Override
    public boolean hasMask(String split, String id) {
        requireIn(split, id);
        return Files.isRegularFile(maskFile(id));
    }

    private Path maskFile(String id) {
        return root().resolve("SegmentationClass").resolve(id + ".png");
    }

    /** VOC names are unique across splits, but an image must still belong to the split it is asked for. */
    private void requireIn(String split, String id) {
        if (!idSets.computeIfAbsent(split, s -> Set.copyOf(ids(s))).contains(id)) {
            throw noImage(split, id);
        }
    }

    /** A mask must match its image's size and hold only 0..20 and 255. */
    static void requireValid(Path maskFile, Mask mask, RgbImage image) {
        if (mask.height() != image.height() || mask.width() != image.width()) {
            throw new InvalidDataException(maskFile, "mask is " + mask.height() + "x" + mask.width()
                    + " but its image is " + image.height() + "x" + image.width());
        }
        int bad = mask.firstInvalidValue();
        if (bad >= 0) {
            throw new InvalidDataException(maskFile, "mask value " + bad + " is not a class index (expected 0..20 or 255)");
        }
    }

    /** From ImageSets/Main, else the annotation XML, else the mask (decoded only then), else unknown. */
    private Label[] labels(String id, java.util.function.Supplier<Mask> maskIfNeeded) {
        Label[] fromMain = mainLabels().get(id);
        if (fromMain != null && Arrays.stream(fromMain).allMatch(l -> l != null)) {
            return fromMain.clone();
        }
        Path xml = root().resolve("Annotations").resolve(id + ".xml");
        if (Files.isRegularFile(xml)) {
            return VocAnnotation.read(xml).labels(xml);
        }
        Mask mask = maskIfNeeded.get();
        if (mask != null) {
            return labelsOf(mask);
        }
        return Sample.unknownLabels();
    }

    /** PRESENT for every class with at least one pixel in {@code mask}. */
    static Label[] labelsOf(Mask mask) {
        boolean[] seen = new boolean[256];
        for (byte v : mask.values()) {
            seen[v & 0xFF] = true;
        }
        Label[] labels = new Label[VocClasses.COUNT];
        for (int c = 0; c < labels.length; c++) {
            labels[c] = seen[c + 1] ? Label.PRESENT : Label.ABSENT;
        }
        return labels;
    }

    /** Every {@code {class}_{split}.txt} label, read once: 1 PRESENT, -1 ABSENT, 0 DIFFICULT. */
    private synchronized Map<String, Label[]> mainLabels() {
        if (mainLabels == null) {
            Map<String, Label[]> labels = new HashMap<>();
            Path main = root().resolve("ImageSets/Main");
            for (int c = 0; c < VocClasses.COUNT; c++) {
                for (String split : SPLITS) {
                    Path file = main.resolve(VocClasses.NAMES.get(c) + "_" + split + ".txt");
                    if (Files.isRegularFile(file)) {
                        readClassFile(file, c, labels);
                    }
                }
            }
            mainLabels = labels;
        }
        return mainLabels;
    }

    private static void readClassFile(Path file, int c, Map<String, Label[]> labels) {
        List<String> lines = lines(file);
        for (int i = 0; i < lines.size(); i++) {
            String[] parts = lines.get(i).strip().split("\\s+");
            if (parts.length < 2 || parts[0].isEmpty()) {
                continue; // a test list without labels
            }
            Label label = switch (parts[1]) {
                case "1" -> Label.PRESENT;
                case "-1" -> Label.ABSENT;
                case "0" -> Label.DIFFICULT;
                default -> throw new InvalidDataException(file, "line " + (i + 1) + ": label '" + parts[1]
                        + "', expected 1, -1 or 0");
            };
            labels.computeIfAbsent(parts[0], k -> new Label[VocClasses.COUNT])[c] = label;
        }
    }

    /** A split's id list from ImageSets/Main: {split}.txt, else the first class file of the split. */
    private static List<String> mainIds(Path main, String split) {
        Path list = main.resolve(split + ".txt");
        if (Files.isRegularFile(list)) {
            return readIdList(list);
        }
        for (String name : VocClasses.NAMES) {
            Path classFile = main.resolve(name + "_" + split + ".txt");
            if (Files.isRegularFile(classFile)) {
                return readIdList(classFile);
            }
        }
        return null;
    }

    private static List<String> readIdList(Path file) {
        Set<String> ids = new LinkedHashSet<>();
        for (String line : lines(file)) {
            String s = line.strip();
            if (!s.isEmpty()) {
                ids.add(s.split("\\s+")[0]);
            }
        }
        return List.copyOf(ids);
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidDataException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static List<Path> yearDirs(Path dir) {
        if (isYearDir(dir)) {
            return List.of(dir);
        }
        List<Path> found = new ArrayList<>();
        for (Path child : children(dir)) {
            if (YEAR_DIR.matcher(child.getFileName().toString()).matches() && isYearDir(child)) {
                found.add(child);
            } else if (child.getFileName().toString().equals("VOCdevkit")) {
                for (Path year : children(child)) {
                    if (isYearDir(year)) {
                        found.add(year);
                    }
                }
            }
        }
        return found;
    }

    private static boolean isYearDir(Path dir) {
        return Files.isDirectory(dir.resolve("JPEGImages")) && Files.isDirectory(dir.resolve("ImageSets"));
    }

    private static List<Path> children(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
