package org.vocvision.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.vocvision.data.Dataset;
import org.vocvision.data.Datasets;
import org.vocvision.data.JpegImage;
import org.vocvision.data.Layout;
import org.vocvision.data.NpyFormat;
import org.vocvision.data.RgbImage;
import org.vocvision.data.Sample;

/**
 * The images of a job: listed on the driver (a data set's split, or the files a glob matches) and read on
 * the executors with the core's readers, each data set opened once per task.
 */
final class ImageCollection {

    /** What {@code --images DIR} takes from a directory. */
    private static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png", ".npy");

    private final Map<String, Dataset> datasets = new HashMap<>();

    /** A split of a data set, in the data set's order (the order predict writes). */
    static List<ImageRef> split(Dataset dataset, Layout layout, String split) {
        String root = dataset.root().toAbsolutePath().toString();
        String layoutName = layout == null ? null : layout.name();
        return dataset.ids(split).stream().map(id -> ImageRef.inDataset(root, layoutName, split, id)).toList();
    }

    /**
     * The image files {@code pattern} names, sorted by path: a directory (its .jpg/.jpeg/.png/.npy files), a
     * file, or a glob such as {@code photos/*.jpg} or {@code archive/**.jpg} (java.nio glob syntax).
     */
    static List<ImageRef> files(String pattern) {
        Path given = Path.of(pattern);
        if (Files.isRegularFile(given)) {
            return List.of(ImageRef.file(given.toAbsolutePath().toString()));
        }
        Path base;
        PathMatcher matcher;
        if (Files.isDirectory(given)) {
            base = given;
            matcher = p -> EXTENSIONS.stream().anyMatch(e -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(e));
        } else {
            base = literalPrefix(given);
            PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + given.toAbsolutePath().normalize());
            matcher = p -> glob.matches(p.toAbsolutePath().normalize());
        }
        if (!Files.isDirectory(base)) {
            throw new IllegalArgumentException("--images " + pattern + ": " + base + " is not a directory");
        }
        try (Stream<Path> walk = Files.walk(base)) {
            List<ImageRef> refs = walk.filter(Files::isRegularFile).filter(matcher::matches).sorted()
                    .map(p -> ImageRef.file(p.toAbsolutePath().toString())).toList();
            if (refs.isEmpty()) {
                throw new IllegalArgumentException("--images " + pattern + " matches no image file");
            }
            return refs;
        } catch (IOException e) {
            throw new UncheckedIOException("--images " + pattern + ": cannot list " + base + ": " + e.getMessage(), e);
        }
    }

    /** The directories of {@code p} before its first glob character. */
    private static Path literalPrefix(Path p) {
        Path prefix = p.isAbsolute() ? p.getRoot() : Path.of("");
        for (Path part : p) {
            if (part.toString().matches(".*[*?\\[{].*")) {
                break;
            }
            prefix = prefix.resolve(part);
        }
        return prefix.toString().isEmpty() ? Path.of(".") : prefix;
    }

    /** An image's pixels and the file they came from. */
    record Loaded(RgbImage image, String path) {}

    /** Reads the image's pixels; a broken or missing file throws with the file's name. */
    Loaded read(ImageRef ref) {
        if (ref.isFile()) {
            Path file = Path.of(ref.path());
            RgbImage image = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")
                    ? NpyFormat.readImage(file) : JpegImage.read(file);
            return new Loaded(image, ref.path());
        }
        Sample sample = dataset(ref).load(ref.split(), ref.id());
        return new Loaded(sample.image(), sample.source() == null ? describe(ref) : sample.source().toString());
    }

    /** The image's name for a row when it cannot be read. */
    static String describe(ImageRef ref) {
        return ref.isFile() ? ref.path() : ref.data() + " split " + ref.split() + " id " + ref.id();
    }

    private Dataset dataset(ImageRef ref) {
        return datasets.computeIfAbsent(ref.data() + "|" + ref.layout(), k -> Datasets.open(Path.of(ref.data()),
                ref.layout() == null ? null : Layout.valueOf(ref.layout())));
    }
}
