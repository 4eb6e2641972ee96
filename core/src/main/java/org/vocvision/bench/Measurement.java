package org.vocvision.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One measured case, in the JSON-lines form both sides print:
 * {@code {"case": .., "batch": .., "size": .., "images_per_s": .., "median_s": .., "peak_rss_mb": .., "start_rss_mb": ..}}.
 *
 * @param name e.g. {@code mobilenet_v2_train}
 * @param medianSeconds median seconds of one step (one batch)
 * @param peakRssMb the measuring process's peak resident memory during the phase, in MiB
 * @param startRssMb its resident memory when the phase began (runtime, libraries, model, batch): the phase's
 *     own memory is {@link #stepRssMb()}
 */
public record Measurement(@JsonProperty("case") String name, @JsonProperty("batch") int batch,
        @JsonProperty("size") int size, @JsonProperty("images_per_s") double imagesPerSecond,
        @JsonProperty("median_s") double medianSeconds, @JsonProperty("peak_rss_mb") double peakRssMb,
        @JsonProperty("start_rss_mb") double startRssMb) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A case whose step of {@code batch} images took {@code medianSeconds}. */
    public static Measurement of(String name, int batch, int size, double medianSeconds, double peakRssMb,
            double startRssMb) {
        return new Measurement(name, batch, size, batch / medianSeconds, medianSeconds, peakRssMb, startRssMb);
    }

    /** What the steps themselves added to resident memory at their peak: peak minus the phase's start. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public double stepRssMb() {
        return peakRssMb - startRssMb;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one line; extra fields (e.g. from a newer script) are ignored. */
    public static Measurement parse(String line) {
        try {
            return JSON.readerFor(Measurement.class)
                    .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a benchmark result line: '" + line + "' (" + e.getMessage() + ")");
        }
    }
}
