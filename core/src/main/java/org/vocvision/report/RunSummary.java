package org.vocvision.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.vocvision.run.RunDir;

/**
 * A main job's results, each number beside its baselines, read from the run directory's files (so the
 * closing lines of {@code run} and the report's summary say the same): the classifier's mAP beside the
 * chance mAP, the segmenter's mIoU beside the all-background mIoU, the local score beside an empty
 * submission's, each attack's metric at its largest eps beside the clean one; one short verdict per line.
 */
public record RunSummary(List<Line> lines) {

    /** A baseline a number is read against. */
    public record Baseline(String name, double value) {}

    /**
     * One result.
     *
     * @param what "classifier", "segmenter", "local score", "FGSM on the classifier"
     * @param metric the number's name ("val mAP")
     * @param value the number (NaN when the run has no such file)
     * @param baselines what it is read against, the first being the one the verdict uses
     * @param bestEpoch the best epoch (0 when not a trained model)
     * @param epochs epochs run (0 when not a trained model)
     * @param detail more facts in a few words (may be empty)
     * @param meaning the verdict, a few words
     */
    public record Line(String what, String metric, double value, List<Baseline> baselines, int bestEpoch, int epochs,
            String detail, String meaning) {

        /** "classifier: val mAP 0.521 (chance 0.083; best epoch 7 of 12): learns well". */
        public String text() {
            List<String> inside = new ArrayList<>();
            baselines.forEach(b -> inside.add(b.name() + " " + number(b.value())));
            if (bestEpoch > 0) {
                inside.add("best epoch " + bestEpoch + " of " + epochs);
            }
            if (!detail.isEmpty()) {
                inside.add(detail);
            }
            return what + ": " + metric + " " + number(value) + (inside.isEmpty() ? "" : " (" + String.join("; ", inside) + ")")
                    + ": " + meaning;
        }
    }

    /**
     * Where a result sits between its baseline (0) and a perfect score (1): the verdict's cut points. A
     * third of the way is the "visibly learns" (e.g. mAP 0.4 over a chance of 0.08); they are
     * reading aids, not statistics.
     */
    static final double WELL = 0.4;
    static final double SOME = 0.15;
    static final double BARELY = 0.02;

    /**
     * An attack finds a model "fragile" when its largest eps keeps less than this share of the clean metric
     * or fools at least {@link #FOOLED} of the images.
     */
    static final double ROBUST_SHARE = 0.8;
    static final double FOOLED = 0.5;

    /** The fraction of the way from {@code baseline} to 1 that {@code value} goes (NaN if either is). */
    static double gain(double value, double baseline) {
        if (Double.isNaN(value) || Double.isNaN(baseline)) {
            return Double.NaN;
        }
        return baseline >= 1 ? 0 : (value - baseline) / (1 - baseline);
    }

    /** A trained model's verdict against its baseline. */
    static String learning(double value, double baseline) {
        double g = gain(value, baseline);
        if (Double.isNaN(g)) {
            return "not measured";
        }
        return g >= WELL ? "learns well" : g >= SOME ? "learns, with room to improve"
                : g > BARELY ? "barely above its baseline: train longer or check the data"
                : "no better than its baseline: it has not learned";
    }

    /** A submission's verdict against the empty submission's score. */
    static String scoring(double value, double baseline) {
        double g = gain(value, baseline);
        if (Double.isNaN(g)) {
            return "not measured";
        }
        return g >= WELL ? "well above an empty submission" : g >= SOME ? "above an empty submission"
                : g > BARELY ? "barely above an empty submission" : "no better than an empty submission";
    }

    /** Reads the summary of a main job's run directory; a part whose files are missing is left out. */
    public static RunSummary read(Path runDir) {
        List<Line> lines = new ArrayList<>();
        RunDir classifier = new RunDir(runDir).child("classifier");
        RunDir segmenter = new RunDir(runDir).child("segmenter");
        if (Files.isRegularFile(classifier.metrics())) {
            lines.add(trainedLine("classifier", "val mAP", classifier, "val_map",
                    new Baseline("chance", number(classifier.perClass(), "chance_map"))));
        }
        if (Files.isRegularFile(segmenter.metrics())) {
            lines.add(trainedLine("segmenter", "val mIoU", segmenter, "val_miou",
                    new Baseline("all-background", number(segmenter.confusion(), "all_background_miou"))));
        }
        Path validation = runDir.resolve("validation");
        if (Files.isRegularFile(validation.resolve(RunDir.SCORE))) {
            JsonNode s = json(validation.resolve(RunDir.SCORE));
            double value = s.path("dice").asDouble(Double.NaN);
            double baseline = number(validation.resolve(RunDir.SCORE_ALL_NEGATIVE), "dice");
            String detail = String.format(Locale.ROOT, "%d rows: classification %s, segmentation %s", s.path("rows").asInt(),
                    number(s.path("classification").asDouble(Double.NaN)), number(s.path("segmentation").asDouble(Double.NaN)));
            lines.add(new Line("local score", "Dice", value, List.of(new Baseline("all-negative submission", baseline)), 0, 0,
                    detail, scoring(value, baseline)));
        }
        for (RunDir model : List.of(classifier, segmenter)) {
            for (Path file : attackFiles(model.root())) {
                lines.add(attackLine(model.root().getFileName().toString(), json(file)));
            }
        }
        return new RunSummary(List.copyOf(lines));
    }

    /** A trained model's line from its metrics.json: the number under {@code key}, read against {@code baseline}. */
    private static Line trainedLine(String what, String metric, RunDir model, String key, Baseline baseline) {
        JsonNode m = json(model.metrics());
        double value = m.path(key).asDouble(Double.NaN);
        return new Line(what, metric, value, List.of(baseline), m.path("best_epoch").asInt(), m.path("epochs").asInt(), "",
                learning(value, baseline.value()));
    }

    /** A number in a JSON file; NaN when the file or the field is missing. */
    private static double number(Path file, String field) {
        return Files.isRegularFile(file) ? json(file).path(field).asDouble(Double.NaN) : Double.NaN;
    }

    /** A model directory's attack sweeps, {@code attack-<label>.json}, by name. */
    public static List<Path> attackFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith("attack-") && n.endsWith(".json");
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Line attackLine(String model, JsonNode report) {
        JsonNode results = report.path("results");
        String method = report.path("method").asText("attack").toUpperCase(Locale.ROOT);
        String metric = report.path("metric_name").asText("metric");
        double clean = Double.NaN;
        JsonNode largest = null;
        for (JsonNode r : results) {
            if (r.path("eps").asDouble() == 0) {
                clean = r.path("metric").asDouble(Double.NaN);
            }
            if (largest == null || r.path("eps").asDouble() > largest.path("eps").asDouble()) {
                largest = r;
            }
        }
        if (largest == null) {
            return new Line(method + " on the " + model, metric, Double.NaN, List.of(), 0, 0, "no results", "not measured");
        }
        double value = largest.path("metric").asDouble(Double.NaN);
        double eps = largest.path("eps").asDouble() * 255;
        double fooled = largest.path("success_rate").asDouble(Double.NaN);
        // the clean number is measured on the attacked images only, not on the whole held-out set: say how many
        int images = largest.path("images").asInt(0);
        String detail = String.format(Locale.ROOT, "at eps %.0f/255", eps) + (images > 0 ? " on " + images + " images" : "");
        double lost = clean > 0 ? 1 - value / clean : 0;
        String meaning = Double.isNaN(value) || Double.isNaN(clean) ? "not measured"
                : String.format(Locale.ROOT, "%s: fools %.0f%% of images, %s %.0f%% %s",
                        lost <= 1 - ROBUST_SHARE && !(fooled >= FOOLED) ? "holds up at this budget" : "fragile", 100 * fooled,
                        metric, 100 * Math.abs(lost), lost >= 0 ? "lower" : "higher");
        return new Line(method + " on the " + model, metric + " under attack", value, List.of(new Baseline("clean", clean)),
                0, 0, detail, meaning);
    }

    /** Three decimals, "n/a" for an undefined number. */
    static String number(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static JsonNode json(Path file) {
        try {
            return RunDir.JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
