package org.vocvision.submit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A submission.csv as read, before any checking: its header line and one {@link Row} per further
 * line. {@link SubmissionValidator} says what is wrong with it; {@link Scorer} scores it.
 */
public record Submission(Path file, String header, List<Row> rows) {

    /** The header the competition expects. */
    public static final String HEADER = "Id,Predicted";
    static final String CLASSIFICATION = "_classification";
    static final String SEGMENTATION = "_segmentation";

    /**
     * One data line.
     *
     * @param line the 1-based line number in the file (the header is line 1)
     * @param id the first column, e.g. {@code 17_segmentation}
     * @param field the second column (surrounding double quotes removed), or {@code null} when the
     *     line has no comma
     */
    public record Row(int line, String id, String field) {

        /** "line 5 (2_segmentation)": how problems name a row. */
        String name() {
            return "line " + line + " (" + id + ")";
        }
    }

    /**
     * The same rows with every field empty: a submission that predicts no label and no pixel, the
     * baseline a real submission's score should be read against.
     */
    public Submission allNegative() {
        return new Submission(file, header, rows.stream().map(r -> new Row(r.line(), r.id(), "")).toList());
    }

    /** Reads a submission file; only an unreadable file throws, every other problem is the validator's. */
    public static Submission read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the submission: " + e.getMessage(), e);
        }
        String header = lines.isEmpty() ? "" : lines.get(0);
        List<Row> rows = new ArrayList<>(Math.max(0, lines.size() - 1));
        for (int i = 1; i < lines.size(); i++) {
            String text = lines.get(i);
            if (text.isEmpty() && i == lines.size() - 1) {
                continue; // a blank last line (a doubled final newline): csv readers skip it too
            }
            int comma = text.indexOf(',');
            if (comma < 0) {
                rows.add(new Row(i + 1, text, null));
            } else {
                rows.add(new Row(i + 1, text.substring(0, comma), unquote(text.substring(comma + 1))));
            }
        }
        return new Submission(file, header, List.copyOf(rows));
    }

    private static String unquote(String field) {
        if (field.length() >= 2 && field.startsWith("\"") && field.endsWith("\"")) {
            return field.substring(1, field.length() - 1);
        }
        return field;
    }
}
