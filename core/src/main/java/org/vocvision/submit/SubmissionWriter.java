package org.vocvision.submit;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vocvision.data.Mask;
import org.vocvision.data.VocClasses;

/**
 * Writes submission.csv as the template does (pandas {@code to_csv(index=False)}): the header
 * {@code Id,Predicted}, then per test image {@code {Id}_classification} and {@code {Id}_segmentation},
 * fields unquoted, lines ending in {@code \n}, an empty prediction as an empty field. Call
 * {@link #write} once per test image, in test_set.csv order.
 */
public final class SubmissionWriter implements Closeable {

    private final Path file;
    private final BufferedWriter out;

    private SubmissionWriter(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    /** Creates (or replaces) {@code file} and writes the header. */
    public static SubmissionWriter create(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            SubmissionWriter writer = new SubmissionWriter(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8));
            writer.line(Submission.HEADER);
            return writer;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the submission: " + e.getMessage(), e);
        }
    }

    /**
     * Writes one test image's two rows.
     *
     * @param classes the 20 predicted classes, in {@link VocClasses} order
     * @param mask the predicted mask at the test image's own size, values 0..20
     */
    public void write(String id, boolean[] classes, Mask mask) {
        if (classes.length != VocClasses.COUNT) {
            throw new IllegalArgumentException("image " + id + ": expected " + VocClasses.COUNT + " classes, got " + classes.length);
        }
        if (id.isEmpty() || id.indexOf(',') >= 0 || id.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("image id '" + id + "' cannot be written in a csv field");
        }
        line(id + Submission.CLASSIFICATION + "," + RunLengthEncoding.encode(classes));
        line(id + Submission.SEGMENTATION + "," + RunLengthEncoding.encodeSegmentation(mask));
    }

    private void line(String text) {
        try {
            out.write(text);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the submission: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the submission: " + e.getMessage(), e);
        }
    }
}
