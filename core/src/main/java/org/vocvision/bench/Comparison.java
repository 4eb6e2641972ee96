package org.vocvision.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** vocvision's and PyTorch's measurements of the same cases side by side, joined by case name. */
public final class Comparison {

    /**
     * One case of both sides; a side that did not measure it is null.
     *
     * @param ratio vocvision images/s divided by PyTorch's (above 1: vocvision is faster), NaN when one is missing
     */
    public record Row(String name, Measurement vocvision, Measurement pytorch, double ratio) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private Comparison() {}

    /** Rows in vocvision's order, then cases only PyTorch measured. */
    public static List<Row> join(List<Measurement> vocvision, List<Measurement> pytorch) {
        Map<String, Measurement> theirs = new LinkedHashMap<>();
        pytorch.forEach(m -> theirs.put(m.name(), m));
        List<Row> rows = new ArrayList<>();
        for (Measurement ours : vocvision) {
            Measurement other = theirs.remove(ours.name());
            rows.add(new Row(ours.name(), ours, other,
                    other == null ? Double.NaN : ours.imagesPerSecond() / other.imagesPerSecond()));
        }
        theirs.values().forEach(m -> rows.add(new Row(m.name(), null, m, Double.NaN)));
        return rows;
    }

    /**
     * A Markdown table: case, images/s of each side, the ratio, each side's peak RSS and what the steps
     * added to it (peak minus the resident size when the phase began).
     */
    public static String markdown(List<Row> rows) {
        StringBuilder out = new StringBuilder(
                "| case | vocvision images/s | PyTorch images/s | ratio | vocvision peak RSS MiB | PyTorch peak RSS MiB"
                        + " | vocvision step MiB | PyTorch step MiB |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", r.name(),
                    number(r.vocvision() == null ? Double.NaN : r.vocvision().imagesPerSecond(), "%.2f"),
                    number(r.pytorch() == null ? Double.NaN : r.pytorch().imagesPerSecond(), "%.2f"),
                    Double.isNaN(r.ratio()) ? "-" : String.format(Locale.ROOT, "%.2fx", r.ratio()),
                    number(r.vocvision() == null ? Double.NaN : r.vocvision().peakRssMb(), "%.0f"),
                    number(r.pytorch() == null ? Double.NaN : r.pytorch().peakRssMb(), "%.0f"),
                    number(r.vocvision() == null ? Double.NaN : r.vocvision().stepRssMb(), "%.0f"),
                    number(r.pytorch() == null ? Double.NaN : r.pytorch().stepRssMb(), "%.0f")));
        }
        return out.toString();
    }

    /**
     * One JSON object per row: {@code {"case": .., "vocvision": {measurement} or null, "pytorch": {..} or null,
     * "ratio": .. or null}}, each side's object in the form {@link Measurement#toJson()} prints.
     */
    public static String jsonLines(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        for (Row r : rows) {
            ObjectNode line = JSON.createObjectNode();
            line.put("case", r.name());
            line.set("vocvision", r.vocvision() == null ? NullNode.getInstance() : JSON.valueToTree(r.vocvision()));
            line.set("pytorch", r.pytorch() == null ? NullNode.getInstance() : JSON.valueToTree(r.pytorch()));
            if (Double.isNaN(r.ratio())) {
                line.putNull("ratio");
            } else {
                line.put("ratio", r.ratio());
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }

    private static String number(double value, String format) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, format, value);
    }
}
