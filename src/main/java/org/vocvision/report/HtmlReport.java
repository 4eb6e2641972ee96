package org.vocvision.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A self-contained HTML report of a run directory: every section comes from a file the run wrote
 * (stats.json, metrics.json, history.csv, score.json, attack.json, figures/*.png), figures are embedded
 * as data URIs, so the single file can be mailed or handed in. Sub-directories with their own results
 * (classifier/, segmenter/) get their own sections.
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

    private HtmlReport() {}

    /** Writes {@code report.html} into the run directory (atomically) and returns its path. */
    public static Path write(Path runDir, String title) {
        String html = render(runDir, title);
        Path out = runDir.resolve("report.html");
        Path tmp = runDir.resolve("report.html.tmp");
        try {
            Files.writeString(tmp, html, StandardCharsets.UTF_8);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The report's HTML text. */
    public static String render(Path runDir, String title) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>").append(Html.escape(title)).append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;max-width:70em;margin:2em auto;padding:0 1em;color:#222}")
                .append("table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.2em .6em;")
                .append("text-align:right}th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}")
                .append("img{max-width:100%;border:1px solid #ddd;margin:.3em 0}p.why{color:#555;font-size:.95em}")
                .append("</style></head><body>\n");
        html.append(Html.element("h1", title));
        html.append("<p>Run directory: <code>").append(Html.escape(runDir.toAbsolutePath().toString()))
                .append("</code></p>\n");
        for (Path dir : sectionDirectories(runDir)) {
            String name = dir.equals(runDir) ? "Run" : runDir.relativize(dir).toString();
            section(html, name, dir);
        }
        html.append("</body></html>\n");
        return html.toString();
    }

    private static List<Path> sectionDirectories(Path runDir) {
        List<Path> dirs = new ArrayList<>();
        dirs.add(runDir);
        try (Stream<Path> children = Files.list(runDir)) {
            children.filter(Files::isDirectory).sorted()
                    .filter(d -> !d.getFileName().toString().equals("checkpoints"))
                    .forEach(dirs::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + runDir + ": " + e.getMessage(), e);
        }
        return dirs;
    }

    private static void section(StringBuilder html, String name, Path dir) {
        StringBuilder body = new StringBuilder();
        for (String file : List.of("config.json", "stats.json", "metrics.json", "score.json", "attack.json")) {
            Path path = dir.resolve(file);
            if (Files.isRegularFile(path)) {
                body.append(Html.element("h3", file));
                if (EXPLANATIONS.containsKey(file)) {
                    body.append("<p class=\"why\">").append(Html.escape(EXPLANATIONS.get(file))).append("</p>\n");
                }
                body.append(jsonTable(readJson(path)));
            }
        }
        Path history = dir.resolve("history.csv");
        if (Files.isRegularFile(history)) {
            body.append(Html.element("h3", "history.csv"))
                    .append("<p class=\"why\">").append(Html.escape(EXPLANATIONS.get("history.csv"))).append("</p>\n")
                    .append(csvTable(history));
        }
        for (Path png : figures(dir)) {
            body.append("<figure><img alt=\"").append(Html.escape(png.getFileName().toString()))
                    .append("\" src=\"data:image/png;base64,").append(base64(png)).append("\"><figcaption>")
                    .append(Html.escape(png.getFileName().toString())).append("</figcaption></figure>\n");
        }
        if (body.length() > 0) {
            html.append(Html.element("h2", name)).append(body);
        }
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
