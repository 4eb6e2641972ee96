package org.vocvision.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * A run directory: everything one run made, under names decided here and nowhere else
 * (../shared/DESIGN.md). Every file is written atomically: to {@code name.tmp}, fsynced, then renamed
 * over the old one, so a crash or Ctrl-C never leaves a half-written file behind.
 *
 * <pre>
 * config.json          the recipe (with provenance): also every checkpoint's card
 * history.csv          one row per epoch
 * metrics.json         the best checkpoint's validation scores, and how they are defined
 * thresholds.json      a classifier's tuned per-class thresholds
 * per_class.json       a classifier's AP and precision/recall curve per class on the held-out images
 * confusion.json       a segmenter's 21x21 confusion matrix on the held-out images, IoU per class
 * score-all-negative.json  the local score an empty submission gets on the same rows (a baseline)
 * overlays.json        a segmenter's best and worst validation images (figures/overlay-*.png)
 * checkpoints/         best.ckpt and last.ckpt (+ a readable .json copy of each manifest)
 * figures/             learning curves, overlays, attack curves and grids
 * attack.json          the last attack sweep; attack-&lt;label&gt;.json for each
 * run.json             the main job's data set, stages and their seconds
 * report.html          the self-contained report
 * </pre>
 */
public record RunDir(Path root) {

    /** The one JSON mapper of run files: indented, so they read well. */
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static final String CONFIG = "config.json";
    public static final String HISTORY = "history.csv";
    public static final String METRICS = "metrics.json";
    public static final String THRESHOLDS = "thresholds.json";
    public static final String OVERLAYS = "overlays.json";
    public static final String PER_CLASS = "per_class.json";
    public static final String CONFUSION = "confusion.json";
    public static final String SCORE_ALL_NEGATIVE = "score-all-negative.json";
    public static final String STATS = "stats.json";
    public static final String SCORE = "score.json";
    public static final String REPORT = "report.html";
    public static final String RUN = "run.json";
    public static final String SUBMISSION = "submission.csv";
    public static final String BEST = "best";
    public static final String LAST = "last";

    public Path config() {
        return root.resolve(CONFIG);
    }

    public Path history() {
        return root.resolve(HISTORY);
    }

    public Path metrics() {
        return root.resolve(METRICS);
    }

    public Path thresholds() {
        return root.resolve(THRESHOLDS);
    }

    public Path overlays() {
        return root.resolve(OVERLAYS);
    }

    /** A classifier's per-class AP and PR curves (the task's finish step). */
    public Path perClass() {
        return root.resolve(PER_CLASS);
    }

    /** A segmenter's confusion matrix and per-class IoU (the task's finish step). */
    public Path confusion() {
        return root.resolve(CONFUSION);
    }

    public Path stats() {
        return root.resolve(STATS);
    }

    public Path report() {
        return root.resolve(REPORT);
    }

    public Path figures() {
        return root.resolve("figures");
    }

    /** A figure's file: {@code figures/<name>}. */
    public Path figure(String name) {
        return figures().resolve(name);
    }

    /** The checkpoint of a name ("best", "last"): {@code checkpoints/<name>.ckpt}. */
    public Path checkpoint(String name) {
        return root.resolve("checkpoints").resolve(name + ".ckpt");
    }

    /** The best epoch's checkpoint, the one predict and attack load. */
    public Path best() {
        return checkpoint(BEST);
    }

    /** The last epoch's checkpoint, the one a resume continues from. */
    public Path last() {
        return checkpoint(LAST);
    }

    /** The last attack sweep's report. */
    public Path attack() {
        return root.resolve("attack.json");
    }

    /** The report of the sweep with this label ({@code attack-pgd.json}, {@code attack-pgd-vs-jpeg75.json}). */
    public Path attack(String label) {
        return root.resolve("attack-" + label + ".json");
    }

    /** Whether a run was started here: its recipe or a checkpoint exists. */
    public boolean holdsRun() {
        return Files.exists(config()) || Files.exists(last()) || Files.exists(best());
    }

    /**
     * Refuses to start a new run over an existing one (which would silently mix or overwrite its files),
     * unless the run is to be continued.
     */
    public void requireFresh(boolean resume) {
        if (!resume && holdsRun()) {
            throw new IllegalArgumentException(root + " holds a run already (" + CONFIG + ", checkpoints/): train into"
                    + " another --run, continue it with --resume, or replace it with --force");
        }
    }

    /**
     * Deletes what a run wrote here (the names above, sub-runs, figures and checkpoints), so a new run can
     * start; any other file is left alone.
     */
    public void clear() throws IOException {
        for (String name : List.of(CONFIG, HISTORY, METRICS, THRESHOLDS, OVERLAYS, PER_CLASS, CONFUSION, STATS, SCORE,
                REPORT, RUN, SUBMISSION, "predictions.csv", "attack.json", "checkpoints", "figures", "classifier",
                "segmenter", "validation")) {
            deleteTree(root.resolve(name));
        }
        try (Stream<Path> files = Files.exists(root) ? Files.list(root) : Stream.empty()) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("attack-.*\\.json")).toList()) {
                Files.delete(f);
            }
        }
    }

    /** Deletes a file or a directory with everything in it (links not followed). */
    public static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> children = Files.list(path)) {
                for (Path child : children.toList()) {
                    deleteTree(child);
                }
            }
        }
        Files.delete(path);
    }

    /** A sub-run (the classifier and the segmenter of the main job). */
    public RunDir child(String name) {
        return new RunDir(root.resolve(name));
    }

    /** Writes {@code value} as indented JSON to {@code file}, atomically. */
    public static void writeJson(Path file, Object value) throws IOException {
        writeAtomically(file, JSON.writeValueAsBytes(value));
    }

    /** Writes bytes atomically: temp file, fsync, rename over the old file (parent directories created). */
    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(parent);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes text (UTF-8) atomically. */
    public static void writeText(Path file, String text) throws IOException {
        writeAtomically(file, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Makes a rename durable; some file systems refuse to open directories: then the rename is as
     * durable as the file system makes it anyway.
     */
    static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            LoggerFactory.getLogger(RunDir.class).debug("cannot fsync {}: {}", dir, e.toString());
        }
    }
}
