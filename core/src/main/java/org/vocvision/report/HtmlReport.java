package org.vocvision.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.Map;
import java.util.stream.Stream;
import org.vocvision.data.PalettePng;
import org.vocvision.run.RunDir;

/**
 * A self-contained HTML report of a run directory, every figure embedded (PNG as data URIs, charts as
 * inline SVG), so the single file can be mailed or handed in. It reads only files the run wrote
 * ({@link RunDir} names them) and opens with a summary: each score beside its baselines (chance mAP,
 * all-background mIoU, an empty submission's score), the data set, the models and their budgets, and the
 * time taken. Then one section per trained model (the run itself or its classifier/ and segmenter/):
 * learning curves; per-class AP bars and precision/recall curves of a classifier; the confusion matrix
 * as a heat map, per-class IoU and overlays with a legend of their classes of a segmenter; every attack
 * sweep's table, curve and grid. Statistics and configuration close it in a collapsed appendix.
 */
public final class HtmlReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<String, String> EXPLANATIONS = Map.of(
            "stats.json", "Class statistics of the training data. Class weights are n_images / (20 * class_images)"
                    + " (balanced weights); pos_weight = negatives / positives is BCE's weight for the positive term.",
            "metrics.json", "Validation metrics of the best checkpoint. mAP is the mean over classes of average"
                    + " precision (area under each class's precision/recall curve); F1 uses the tuned thresholds;"
                    + " mIoU is the mean over classes of intersection over union of predicted and true pixels.",
            "score.json", "The competition's score: the mean, over all rows of submission.csv, of the Dice"
                    + " coefficient 2|A∩B|/(|A|+|B|) between predicted and true positions. Half the rows are"
                    + " classification (the 20 labels), half segmentation (the class planes of the mask).",
            "attack.json", "Adversarial robustness: for each perturbation budget eps (in [0,1] pixel units, 8/255"
                    + " is about 3% of the range), the share of images the attack fooled, the task metric under"
                    + " attack, and how visible the perturbation is (L-inf, L2, PSNR in dB, SSIM; SSIM near 1 and"
                    + " PSNR above ~35 dB are hard to see).",
            "history.csv", "One row per epoch: learning rate, training and validation loss, validation metrics,"
                    + " seconds. Validation loss rising while training loss falls is over-fitting.");

    private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:72em;margin:1.5em auto;padding:0 1em;color:#222}"
            + "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right}"
            + "th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}"
            + "img{max-width:100%;border:1px solid #ddd;margin:.3em 0}p.why{color:#555;font-size:.95em}"
            + "figure{display:inline-block;margin:.3em 1em .3em 0;vertical-align:top}figcaption{font-size:.9em;color:#444}"
            + "#summary{background:#f7f9fc;border:1px solid #d5dde8;padding:.2em 1em .6em;border-radius:6px}"
            + "table.scores td,table.scores th{text-align:left}table.scores td.num{text-align:right}#summary td.meaning{font-weight:600}ul.facts li{margin:.2em 0}"
            + ".swatch{display:inline-block;width:.9em;height:.9em;border:1px solid #888;vertical-align:-.1em;margin:0 .25em 0 .6em}"
            + "details{margin:1.5em 0}summary{cursor:pointer;font-size:1.3em;font-weight:600}svg{max-width:100%;height:auto}";

    private HtmlReport() {}

    /** Writes {@code report.html} into the run directory (atomically) and returns its path. */
    public static Path write(Path runDir, String title) {
        String html = render(runDir, title);
        Path out = runDir.resolve(RunDir.REPORT);
        try {
            RunDir.writeText(out, html);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The report's HTML text. */
    public static String render(Path runDir, String title) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>").append(Html.escape(title)).append("</title>\n<style>").append(STYLE)
                .append("</style></head><body>\n");
        html.append(Html.element("h1", title));
        List<Path> models = modelDirectories(runDir);
        summary(html, runDir, models);
        for (Path dir : models) {
            modelSection(html, runDir, dir);
        }
        scoreSection(html, runDir);
        appendix(html, runDir);
        html.append("</body></html>\n");
        return html.toString();
    }

    /** The run itself when it trained a model, then its sub-runs that did (classifier/, segmenter/). */
    static List<Path> modelDirectories(Path runDir) {
        List<Path> dirs = new ArrayList<>();
        for (Path dir : sectionDirectories(runDir)) {
            if (Files.isRegularFile(dir.resolve(RunDir.CONFIG)) || Files.isRegularFile(dir.resolve(RunDir.METRICS))
                    || !RunSummary.attackFiles(dir).isEmpty()) {
                dirs.add(dir);
            }
        }
        return dirs;
    }

    // ---------------------------------------------------------------- summary

    private static void summary(StringBuilder html, Path runDir, List<Path> models) {
        html.append("<section id=\"summary\">\n").append(Html.element("h2", "Summary"));
        RunSummary summary = RunSummary.read(runDir);
        if (!summary.lines().isEmpty()) {
            html.append("<table class=\"scores\">\n<tr><th>result</th><th>value</th><th>baseline</th><th>best epoch</th>"
                    + "<th>details</th><th>what it means</th></tr>\n");
            for (RunSummary.Line l : summary.lines()) {
                List<String> baselines = new ArrayList<>();
                l.baselines().forEach(b -> baselines.add(b.name() + " " + RunSummary.number(b.value())));
                html.append("<tr><td>").append(Html.escape(l.what() + " (" + l.metric() + ")")).append("</td><td class=\"num\">")
                        .append(RunSummary.number(l.value())).append("</td><td>").append(Html.escape(String.join("; ", baselines)))
                        .append("</td><td>").append(l.bestEpoch() > 0 ? l.bestEpoch() + " of " + l.epochs() : "")
                        .append("</td><td>").append(Html.escape(l.detail())).append("</td><td class=\"meaning\">")
                        .append(Html.escape(l.meaning())).append("</td></tr>\n");
            }
            html.append("</table>\n");
        } else {
            for (Path dir : models) {
                JsonNode metrics = readIfPresent(dir.resolve(RunDir.METRICS));
                if (metrics != null) {
                    html.append("<p>").append(Html.escape(name(runDir, dir) + ": " + metricsLine(metrics))).append("</p>\n");
                }
            }
        }
        html.append("<ul class=\"facts\">\n");
        String data = dataLine(runDir, models);
        if (data != null) {
            html.append("<li><b>Data:</b> ").append(Html.escape(data)).append("</li>\n");
        }
        for (Path dir : models) {
            JsonNode config = readIfPresent(dir.resolve(RunDir.CONFIG));
            if (config != null) {
                html.append("<li><b>").append(Html.escape(name(runDir, dir))).append(":</b> ")
                        .append(Html.escape(budgetLine(config, readIfPresent(dir.resolve(RunDir.METRICS))))).append("</li>\n");
            }
        }
        String time = timeLine(runDir, models);
        if (time != null) {
            html.append("<li><b>Time:</b> ").append(Html.escape(time)).append("</li>\n");
        }
        html.append("</ul>\n</section>\n");
    }

    /** "240 images of split 'train' in DIR (competition layout): 48 held out for validation and the local score; 60 test images". */
    static String dataLine(Path runDir, List<Path> models) {
        JsonNode run = readIfPresent(runDir.resolve(RunDir.RUN));
        JsonNode provenance = null;
        for (Path dir : models) {
            JsonNode config = readIfPresent(dir.resolve(RunDir.CONFIG));
            if (config != null && config.hasNonNull("provenance")) {
                provenance = config.get("provenance");
                break;
            }
        }
        if (run == null && provenance == null) {
            return null;
        }
        String root = run != null ? run.path("data").asText() : provenance.path("data").asText();
        String split = run != null ? run.path("split").asText() : provenance.path("split").asText();
        int images = run != null ? run.path("images").asInt() : provenance.path("images").asInt();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%d images of split '%s' in %s", images, split, root));
        if (provenance != null && provenance.hasNonNull("layout")) {
            s.append(" (").append(provenance.get("layout").asText()).append(" layout)");
        }
        int heldOut = run != null ? run.path("held_out_images").asInt()
                : provenance != null ? provenance.path("valIds").size() : 0;
        s.append(String.format(Locale.ROOT, ": %d trained on, %d held out for validation", images - heldOut, heldOut));
        if (run != null) {
            s.append(" and the local score");
            if (run.path("test_images").asInt() > 0) {
                s.append(String.format(Locale.ROOT, "; %d test images submitted", run.path("test_images").asInt()));
            }
        }
        return s.toString();
    }

    /** "mobilenet_v2 (width 0.5), 128 px, batch 16, 12 epochs (ran 12, best 7), adamw lr 0.002 cosine, 7.5 training images/s". */
    static String budgetLine(JsonNode config, JsonNode metrics) {
        StringBuilder s = new StringBuilder(config.path("model").asText());
        JsonNode width = config.path("modelOptions").path("width");
        if (width.isNumber()) {
            s.append(String.format(Locale.ROOT, " (width %s)", trim(width.asDouble())));
        }
        if (config.hasNonNull("weights")) {
            s.append(", from ").append(config.get("weights").asText());
        } else {
            s.append(", from scratch");
        }
        int epochs = config.path("epochs").asInt();
        s.append(String.format(Locale.ROOT, ", %d px, batch %d, %d epoch%s", config.path("inputSize").asInt(),
                config.path("batch").asInt(), epochs, epochs == 1 ? "" : "s"));
        if (metrics != null) {
            s.append(String.format(Locale.ROOT, " (ran %d, best %d)", metrics.path("epochs").asInt(), metrics.path("best_epoch").asInt()));
        }
        s.append(String.format(Locale.ROOT, ", %s lr %s %s", config.path("optimizer").asText(), trim(config.path("lr").asDouble()),
                config.path("schedule").asText()));
        if (metrics != null && metrics.path("train_images_per_second").isNumber()) {
            s.append(String.format(Locale.ROOT, ", %.1f training images/s", metrics.get("train_images_per_second").asDouble()));
        }
        return s.toString();
    }

    private static String timeLine(Path runDir, List<Path> models) {
        JsonNode run = readIfPresent(runDir.resolve(RunDir.RUN));
        if (run != null) {
            List<String> stages = new ArrayList<>();
            run.path("stages").fields().forEachRemaining(e -> stages.add(e.getKey() + " " + seconds(e.getValue().asDouble())));
            return seconds(run.path("seconds").asDouble()) + " in all (" + String.join(", ", stages) + ")";
        }
        double total = 0;
        for (Path dir : models) {
            Path history = dir.resolve(RunDir.HISTORY);
            if (Files.isRegularFile(history)) {
                List<String> lines = readLines(history);
                int column = List.of(lines.get(0).split(",", -1)).indexOf("seconds");
                for (String line : lines.subList(1, lines.size())) {
                    String[] cells = line.split(",", -1);
                    if (column >= 0 && column < cells.length && !cells[column].isEmpty()) {
                        total += Double.parseDouble(cells[column]);
                    }
                }
            }
        }
        return total > 0 ? seconds(total) + " of training" : null;
    }

    static String seconds(double s) {
        return s >= 90 ? String.format(Locale.ROOT, "%.1f min", s / 60) : String.format(Locale.ROOT, "%.0f s", s);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.4g", v);
        return s.contains("e") || !s.contains(".") ? s : s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static String metricsLine(JsonNode metrics) {
        List<String> parts = new ArrayList<>();
        metrics.fields().forEachRemaining(e -> {
            if (e.getKey().startsWith("val_") && e.getValue().isNumber()) {
                parts.add(e.getKey().replace('_', ' ') + " " + RunSummary.number(e.getValue().asDouble()));
            }
        });
        if (metrics.has("best_epoch")) {
            parts.add("best epoch " + metrics.path("best_epoch").asInt() + " of " + metrics.path("epochs").asInt());
        }
        return String.join(", ", parts);
    }

    // ---------------------------------------------------------------- per model

    private static String name(Path runDir, Path dir) {
        return dir.equals(runDir) ? "model" : runDir.relativize(dir).toString();
    }

    private static void modelSection(StringBuilder html, Path runDir, Path dir) {
        RunDir run = new RunDir(dir);
        JsonNode config = readIfPresent(run.config());
        JsonNode metrics = readIfPresent(run.metrics());
        String task = config == null ? "" : config.path("task").asText();
        String heading = name(runDir, dir);
        if (config != null) {
            heading += ": " + config.path("model").asText() + " (" + task + ")";
        }
        html.append("<section class=\"model\" id=\"").append(Html.escape(name(runDir, dir))).append("\">\n")
                .append(Html.element("h2", heading));
        if (metrics != null) {
            html.append("<p>").append(Html.escape(metricsLine(metrics))).append("</p>\n");
        }
        List<Path> shown = new ArrayList<>();
        List<Path> curves = new ArrayList<>();
        for (String name : List.of("loss.png", "val_map.png", "val_miou.png")) {
            if (Files.isRegularFile(run.figure(name))) {
                curves.add(run.figure(name));
            }
        }
        if (!curves.isEmpty()) {
            html.append(Html.element("h3", "Learning curves"))
                    .append("<p class=\"why\">").append(Html.escape(EXPLANATIONS.get("history.csv"))).append("</p>\n");
            curves.forEach(png -> html.append(figure(png, png.getFileName().toString().replace(".png", "") + " per epoch")));
            shown.addAll(curves);
        }
        JsonNode perClass = readIfPresent(run.perClass());
        if (perClass != null) {
            classifierCharts(html, perClass);
        }
        JsonNode confusion = readIfPresent(run.confusion());
        if (confusion != null) {
            segmenterCharts(html, confusion);
        }
        JsonNode overlays = readIfPresent(run.overlays());
        if (overlays != null && overlays.isArray() && !overlays.isEmpty()) {
            html.append(Html.element("h3", "Best and worst held-out images"))
                    .append("<p class=\"why\">Each strip: the image, the true mask and the predicted mask over it, in the"
                            + " VOC colours; the legend names the classes in the truth or the prediction.</p>\n");
            for (JsonNode o : overlays) {
                Path png = dir.resolve(o.path("file").asText());
                if (Files.isRegularFile(png)) {
                    String caption = String.format(Locale.ROOT, "%s: image %s, mIoU %s", o.path("rank").asText(),
                            o.path("id").asText(), RunSummary.number(o.path("miou").asDouble(Double.NaN)));
                    html.append("<figure>").append(img(png, caption)).append("<figcaption>").append(Html.escape(caption))
                            .append("<br>").append(legend(o.path("classes"))).append("</figcaption></figure>\n");
                    shown.add(png);
                }
            }
        }
        List<Path> attacks = RunSummary.attackFiles(dir);
        if (!attacks.isEmpty()) {
            html.append(Html.element("h3", "Attacks")).append("<p class=\"why\">")
                    .append(Html.escape(EXPLANATIONS.get("attack.json"))).append("</p>\n");
            for (Path file : attacks) {
                String label = file.getFileName().toString().replaceFirst("^attack-", "").replaceFirst("\\.json$", "");
                JsonNode report = readJson(file);
                html.append(Html.element("h4", report.path("method").asText(label).toUpperCase(Locale.ROOT)
                        + " on the " + name(runDir, dir) + " (" + label + ")"));
                html.append(attackTable(report));
                for (String name : List.of("robustness-" + label + ".png", "attack-grid-" + label + ".png")) {
                    Path png = run.figure(name);
                    if (Files.isRegularFile(png)) {
                        html.append(figure(png, name.startsWith("robustness") ? "success rate and metric against eps"
                                : "the first images at the largest eps: truth, before and after"));
                        shown.add(png);
                    }
                }
            }
        }
        List<Path> rest = new ArrayList<>(figures(dir));
        rest.removeAll(shown);
        if (!rest.isEmpty()) {
            html.append(Html.element("h3", "Other figures"));
            rest.forEach(png -> html.append(figure(png, png.getFileName().toString())));
        }
        html.append("</section>\n");
    }

    private static void classifierCharts(StringBuilder html, JsonNode perClass) {
        List<String> names = new ArrayList<>();
        List<PrCurves.Curve> curves = new ArrayList<>();
        JsonNode classes = perClass.path("classes");
        double[] ap = new double[classes.size()];
        double[] prevalence = new double[classes.size()];
        for (int c = 0; c < classes.size(); c++) {
            JsonNode row = classes.get(c);
            names.add(row.path("name").asText());
            ap[c] = row.path("ap").asDouble(Double.NaN);
            prevalence[c] = row.path("prevalence").asDouble(Double.NaN);
            curves.add(new PrCurves.Curve(names.get(c), doubles(row.path("recall")), doubles(row.path("precision")), ap[c],
                    prevalence[c]));
        }
        html.append(Html.element("h3", "Average precision per class"))
                .append("<p class=\"why\">On the ").append(perClass.path("images").asInt())
                .append(" held-out images. The red tick is the class's prevalence: the AP a model that knows nothing reaches"
                        + " on average; their mean is the chance mAP ")
                .append(RunSummary.number(perClass.path("chance_map").asDouble(Double.NaN))).append(" (mAP ")
                .append(RunSummary.number(perClass.path("map").asDouble(Double.NaN))).append(").</p>\n")
                .append(BarChart.svg("AP per class", names, ap, prevalence, "chance (prevalence)", null))
                .append(Html.element("h3", "Precision/recall curves"))
                .append(PrCurves.svg("Precision/recall per class", curves));
    }

    private static void segmenterCharts(StringBuilder html, JsonNode confusion) {
        List<String> names = new ArrayList<>();
        confusion.path("classes").forEach(n -> names.add(n.asText()));
        int n = names.size();
        long[][] counts = new long[n][n];
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                counts[t][p] = confusion.path("matrix").path(t).path(p).asLong();
            }
        }
        double[] iou = new double[n];
        int[] colours = new int[n];
        for (int c = 0; c < n; c++) {
            iou[c] = confusion.path("iou").path(c).asDouble(Double.NaN);
            colours[c] = PalettePng.colourOf(c);
        }
        html.append(Html.element("h3", "Confusion matrix"))
                .append("<p class=\"why\">Rows: the true class, columns: the predicted class; a cell's shade and number are its share"
                        + " of the row in percent (hover for the pixel count). Pixels of the held-out images at their own size,"
                        + " void skipped: the matrix the mIoU ")
                .append(RunSummary.number(confusion.path("miou").asDouble(Double.NaN)))
                .append(" comes from. Predicting background everywhere would score mIoU ")
                .append(RunSummary.number(confusion.path("all_background_miou").asDouble(Double.NaN)))
                .append(" (pixel accuracy ").append(RunSummary.number(confusion.path("all_background_pixel_accuracy").asDouble(Double.NaN)))
                .append(").</p>\n")
                .append(HeatMap.svg("Confusion matrix", names, counts))
                .append(Html.element("h3", "IoU per class"))
                .append("<p class=\"why\">n/a: the class is neither in the truth nor predicted. Bars in the class's VOC colour.</p>\n")
                .append(BarChart.svg("IoU per class", names, iou, null, null, colours));
    }

    /** Swatches of the VOC colours of the listed classes (0 background .. 20), with their names. */
    static String legend(JsonNode classes) {
        List<String> names = org.vocvision.data.VocClasses.withBackground();
        StringBuilder out = new StringBuilder("<span class=\"legend\">");
        for (JsonNode c : classes) {
            int k = c.asInt();
            if (k >= 0 && k < names.size()) {
                out.append("<span class=\"swatch\" style=\"background:").append(Svg.hex(PalettePng.colourOf(k)))
                        .append("\"></span>").append(Html.escape(names.get(k)));
            }
        }
        return out.append("</span>").toString();
    }

    private static String attackTable(JsonNode report) {
        String metric = report.path("metric_name").asText("metric");
        StringBuilder out = new StringBuilder("<table class=\"attack\">\n<tr><th>eps</th><th>success rate</th><th>")
                .append(metric).append(" under attack</th><th>L-inf</th><th>L2</th><th>PSNR (dB)</th><th>SSIM</th><th>images</th></tr>\n");
        for (JsonNode r : report.path("results")) {
            out.append("<tr><td>").append(String.format(Locale.ROOT, "%.0f/255", r.path("eps").asDouble() * 255));
            for (String k : List.of("success_rate", "metric", "linf", "l2", "psnr", "ssim")) {
                out.append("</td><td>").append(r.hasNonNull(k) ? RunSummary.number(r.get(k).asDouble()) : "n/a");
            }
            out.append("</td><td>").append(r.path("images").asInt()).append("</td></tr>\n");
        }
        return out.append("</table>\n").toString();
    }

    private static void scoreSection(StringBuilder html, Path runDir) {
        Path validation = runDir.resolve("validation");
        JsonNode score = readIfPresent(validation.resolve(RunDir.SCORE));
        if (score == null) {
            return;
        }
        JsonNode empty = readIfPresent(validation.resolve(RunDir.SCORE_ALL_NEGATIVE));
        html.append("<section id=\"score\">\n").append(Html.element("h2", "Local competition score"))
                .append("<p class=\"why\">").append(Html.escape(EXPLANATIONS.get("score.json")))
                .append(" Scored on the held-out images; the empty submission predicts no label and no pixel.</p>\n")
                .append("<table>\n<tr><th>submission</th><th>score (Dice)</th><th>classification rows</th><th>segmentation rows</th><th>rows</th></tr>\n");
        scoreRow(html, "this run's", score);
        if (empty != null) {
            scoreRow(html, "all-negative (empty)", empty);
        }
        html.append("</table>\n</section>\n");
    }

    private static void scoreRow(StringBuilder html, String name, JsonNode s) {
        html.append("<tr><td>").append(Html.escape(name)).append("</td>");
        for (String k : List.of("dice", "classification", "segmentation")) {
            html.append("<td>").append(s.hasNonNull(k) ? RunSummary.number(s.get(k).asDouble()) : "n/a").append("</td>");
        }
        html.append("<td>").append(s.path("rows").asInt()).append("</td></tr>\n");
    }

    // ---------------------------------------------------------------- appendix

    private static void appendix(StringBuilder html, Path runDir) {
        StringBuilder body = new StringBuilder();
        for (Path dir : sectionDirectories(runDir)) {
            StringBuilder part = new StringBuilder();
            for (String file : List.of(RunDir.RUN, RunDir.CONFIG, RunDir.STATS, RunDir.METRICS, RunDir.THRESHOLDS, RunDir.SCORE,
                    RunDir.SCORE_ALL_NEGATIVE)) {
                Path path = dir.resolve(file);
                if (Files.isRegularFile(path)) {
                    part.append(Html.element("h4", file));
                    if (EXPLANATIONS.containsKey(file)) {
                        part.append("<p class=\"why\">").append(Html.escape(EXPLANATIONS.get(file))).append("</p>\n");
                    }
                    part.append(jsonTable(readJson(path)));
                }
            }
            Path history = dir.resolve(RunDir.HISTORY);
            if (Files.isRegularFile(history)) {
                part.append(Html.element("h4", RunDir.HISTORY)).append(csvTable(history));
            }
            if (part.length() > 0) {
                body.append(Html.element("h3", dir.equals(runDir) ? "run" : runDir.relativize(dir).toString())).append(part);
            }
        }
        if (body.length() > 0) {
            html.append("<details id=\"appendix\"><summary>Appendix: statistics and configuration</summary>\n")
                    .append("<p>Run directory: <code>").append(Html.escape(runDir.toAbsolutePath().toString())).append("</code></p>\n")
                    .append(body).append("</details>\n");
        }
    }

    private static List<Path> sectionDirectories(Path runDir) {
        List<Path> dirs = new ArrayList<>();
        dirs.add(runDir);
        try (Stream<Path> children = Files.list(runDir)) {
            children.filter(Files::isDirectory).sorted()
                    .filter(d -> !Set.of("checkpoints", "figures", "data").contains(d.getFileName().toString()))
                    .forEach(dirs::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runDir + ": " + e.getMessage(), e);
        }
        return dirs;
    }

    private static String figure(Path png, String caption) {
        return "<figure>" + img(png, caption) + "<figcaption>" + Html.escape(caption) + "</figcaption></figure>\n";
    }

    /** Figures narrower than this show enlarged to about 400 px, pixels kept sharp (a 40 px overlay strip is unreadable as is). */
    static final int ENLARGE_BELOW = 320;

    private static String img(Path png, String alt) {
        String size = "";
        int width = pngWidth(png);
        if (width > 0 && width < ENLARGE_BELOW) {
            size = " width=\"" + width * Math.max(2, 400 / width) + "\" style=\"image-rendering:pixelated\"";
        }
        return "<img alt=\"" + Html.escape(alt) + "\"" + size + " src=\"data:image/png;base64," + base64(png) + "\">";
    }

    /** A PNG's width from its IHDR chunk (bytes 16..19), 0 if the file is not a PNG. */
    static int pngWidth(Path png) {
        try (java.io.InputStream in = Files.newInputStream(png)) {
            byte[] head = in.readNBytes(24);
            if (head.length < 24 || head[1] != 'P' || head[2] != 'N' || head[3] != 'G') {
                return 0;
            }
            return java.nio.ByteBuffer.wrap(head, 16, 4).getInt();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + png + ": " + e.getMessage(), e);
        }
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble(Double.NaN);
        }
        return out;
    }

    private static List<Path> figures(Path dir) {
        Path figures = dir.resolve("figures");
        if (!Files.isDirectory(figures)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(figures)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + figures + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode readIfPresent(Path path) {
        return Files.isRegularFile(path) ? readJson(path) : null;
    }

    /** A JSON object as a table: scalars as rows, nested objects and arrays of objects as nested tables. */
    static String jsonTable(JsonNode node) {
        if (node.isArray()) {
            return arrayTable(node);
        }
        if (!node.isObject()) {
            return "<p>" + Html.escape(node.asText()) + "</p>\n";
        }
        StringBuilder out = new StringBuilder("<table>\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            out.append("<tr><th>").append(Html.escape(field.getKey())).append("</th><td>")
                    .append(value.isContainerNode() ? jsonTable(value) : Html.escape(format(value)))
                    .append("</td></tr>\n");
        }
        return out.append("</table>\n").toString();
    }

    private static String arrayTable(JsonNode array) {
        if (array.isEmpty() || !array.get(0).isObject()) {
            List<String> items = new ArrayList<>();
            array.forEach(v -> items.add(format(v)));
            return Html.escape(String.join(", ", items));
        }
        List<String> columns = new ArrayList<>();
        array.get(0).fieldNames().forEachRemaining(columns::add);
        StringBuilder out = new StringBuilder("<table>\n<tr>");
        columns.forEach(c -> out.append("<th>").append(Html.escape(c)).append("</th>"));
        out.append("</tr>\n");
        for (JsonNode row : array) {
            out.append("<tr>");
            for (String c : columns) {
                JsonNode v = row.get(c);
                out.append("<td>").append(v == null ? "" : v.isContainerNode() ? jsonTable(v) : Html.escape(format(v)))
                        .append("</td>");
            }
            out.append("</tr>\n");
        }
        return out.append("</table>\n").toString();
    }

    private static String format(JsonNode value) {
        if (value.isFloatingPointNumber()) {
            return String.format(java.util.Locale.ROOT, "%.4f", value.asDouble());
        }
        return value.asText();
    }

    private static String csvTable(Path csv) {
        List<String> lines = readLines(csv);
        StringBuilder out = new StringBuilder("<table>\n");
        for (int i = 0; i < lines.size(); i++) {
            String cell = i == 0 ? "th" : "td";
            out.append("<tr>");
            for (String value : lines.get(i).split(",", -1)) {
                out.append('<').append(cell).append('>').append(Html.escape(value)).append("</").append(cell).append('>');
            }
            out.append("</tr>\n");
        }
        return out.append("</table>\n").toString();
    }

    private static JsonNode readJson(Path path) {
        try {
            return JSON.readTree(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static List<String> readLines(Path path) {
        try {
            return Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static String base64(Path png) {
        try {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(png));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + png + ": " + e.getMessage(), e);
        }
    }
}
