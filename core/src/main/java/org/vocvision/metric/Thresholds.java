package org.vocvision.metric;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import org.vocvision.data.InvalidDataException;

/**
 * How class scores become class decisions: class c is predicted when its score is at least
 * {@code values[c]}; with {@code argmaxFallback}, an image for which no class passes still gets its
 * highest-scoring class (the seed notebook's rule: every competition image shows some object).
 * A run saves them as {@code thresholds.json} and prediction reads them back.
 *
 * @param values one threshold per class (all equal for a global threshold)
 * @param argmaxFallback whether an image always gets at least its top class
 */
public record Thresholds(float[] values, boolean argmaxFallback) {

    /** The file name a run directory keeps them under. */

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Thresholds {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("thresholds need at least one class value");
        }
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("threshold must be finite, got " + v);
            }
        }
        values = values.clone();
    }

    /** The same threshold for each of {@code classes} classes. */
    public static Thresholds global(float threshold, int classes, boolean argmaxFallback) {
        float[] v = new float[classes];
        Arrays.fill(v, threshold);
        return new Thresholds(v, argmaxFallback);
    }

    @Override
    public float[] values() {
        return values.clone();
    }

    /** The decisions for one image's scores. */
    public boolean[] apply(float[] scores) {
        return apply(scores, 0);
    }

    /** The decisions for the image whose scores start at {@code offset} (row-major N x C scores). */
    public boolean[] apply(float[] scores, int offset) {
        if (offset + values.length > scores.length) {
            throw new IllegalArgumentException("expected " + values.length + " class scores from " + offset + ", got " + (scores.length - offset));
        }
        boolean[] predicted = new boolean[values.length];
        boolean any = false;
        int top = 0;
        for (int c = 0; c < values.length; c++) {
            float s = scores[offset + c];
            predicted[c] = s >= values[c];
            any |= predicted[c];
            if (s > scores[offset + top]) {
                top = c;
            }
        }
        if (argmaxFallback && !any) {
            predicted[top] = true;
        }
        return predicted;
    }

    /** Writes {@code file} (through a temporary file, so a reader never sees half of it). */
    public void save(Path file) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write thresholds: " + e.getMessage(), e);
        }
    }

    /** Reads a file written by {@link #save}. */
    public static Thresholds load(Path file) {
        try {
            return JSON.readValue(file.toFile(), Thresholds.class);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new InvalidDataException(file, "no thresholds file");
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidDataException(file, "not a thresholds file: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Thresholds t && Arrays.equals(values, t.values) && argmaxFallback == t.argmaxFallback;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + Boolean.hashCode(argmaxFallback);
    }

    @Override
    public String toString() {
        return "Thresholds" + Arrays.toString(values) + (argmaxFallback ? " with argmax fallback" : "");
    }
}
