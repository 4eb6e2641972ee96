package org.vocvision.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Class balance of a split: what {@code vocvision stats} prints and what weighted losses use.
 *
 * @param images number of images
 * @param classImages per class (VOC order): images labelled PRESENT; DIFFICULT and UNKNOWN do not count
 * @param classWeights per class: {@code images / (20 * classImages)}, scikit-learn's "balanced" class
 *     weight (compute_class_weight), as the course's seed notebook uses; 0 for a class with no image
 *     (it cannot be up-weighted, and a warning is logged)
 * @param posWeight per class: ABSENT images / PRESENT images, PyTorch's BCEWithLogitsLoss pos_weight;
 *     DIFFICULT and UNKNOWN count on neither side; 0 for a class with no positive image
 * @param pixelFraction background then the 20 classes: fraction of the labelled (non-void) mask pixels,
 *     over the images that have masks; {@code null} when none has
 * @param sizes image sizes "HxW" to number of images, most frequent first
 */
@JsonPropertyOrder({"images", "class_images", "class_weights", "pos_weight", "pixel_fraction", "sizes"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClassStatistics(
        @JsonProperty("images") int images,
        @JsonProperty("class_images") Map<String, Integer> classImages,
        @JsonProperty("class_weights") Map<String, Double> classWeights,
        @JsonProperty("pos_weight") Map<String, Double> posWeight,
        @JsonProperty("pixel_fraction") Map<String, Double> pixelFraction,
        @JsonProperty("sizes") Map<String, Integer> sizes) {

    private static final Logger LOG = LoggerFactory.getLogger(ClassStatistics.class);

    /** Reads every sample of {@code split} once. */
    public static ClassStatistics of(Dataset dataset, String split) {
        List<String> ids = dataset.ids(split);
        Accumulator acc = new Accumulator();
        for (String id : ids) {
            acc.add(dataset.load(split, id));
        }
        return acc.result();
    }

    /** Statistics of the given samples. */
    public static ClassStatistics of(Iterable<Sample> samples) {
        Accumulator acc = new Accumulator();
        samples.forEach(acc::add);
        return acc.result();
    }

    /**
     * Label statistics only (class images, class weights, pos_weight), from labels read without decoding
     * any image: what a loss needs. Pixel fractions are absent and sizes empty.
     */
    public static ClassStatistics ofLabels(Iterable<Label[]> labels) {
        Accumulator acc = new Accumulator();
        labels.forEach(acc::addLabels);
        return acc.result();
    }

    /** The class weights in VOC order, as an array for a loss. */
    public double[] classWeightArray() {
        return classWeights.values().stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The positive weights in VOC order, as an array for BCE. */
    public double[] posWeightArray() {
        return posWeight.values().stream().mapToDouble(Double::doubleValue).toArray();
    }

    public String toJson() {
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write statistics as JSON", e);
        }
    }

    private static final class Accumulator {
        private int images;
        private final int[] present = new int[VocClasses.COUNT];
        private final int[] absent = new int[VocClasses.COUNT];
        private final long[] pixels = new long[VocClasses.COUNT + 1];
        private boolean anyMask;
        private final Map<String, Integer> sizes = new TreeMap<>();

        void addLabels(Label[] labels) {
            images++;
            for (int c = 0; c < VocClasses.COUNT; c++) {
                if (labels[c] == Label.PRESENT) {
                    present[c]++;
                } else if (labels[c] == Label.ABSENT) {
                    absent[c]++;
                }
            }
        }

        void add(Sample s) {
            addLabels(s.labels());
            if (s.hasMask()) {
                anyMask = true;
                for (byte b : s.mask().values()) {
                    int v = b & 0xFF;
                    if (v <= VocClasses.COUNT) {
                        pixels[v]++;
                    }
                }
            }
            sizes.merge(s.image().height() + "x" + s.image().width(), 1, Integer::sum);
        }

        ClassStatistics result() {
            Map<String, Integer> classImages = new LinkedHashMap<>();
            Map<String, Double> classWeights = new LinkedHashMap<>();
            Map<String, Double> posWeight = new LinkedHashMap<>();
            List<String> never = new ArrayList<>();
            for (int c = 0; c < VocClasses.COUNT; c++) {
                String name = VocClasses.NAMES.get(c);
                classImages.put(name, present[c]);
                classWeights.put(name, present[c] == 0 ? 0.0 : images / (double) (VocClasses.COUNT * present[c]));
                posWeight.put(name, present[c] == 0 ? 0.0 : absent[c] / (double) present[c]);
                if (present[c] == 0) {
                    never.add(name);
                }
            }
            if (!never.isEmpty() && images > 0) {
                LOG.warn("no image labels {} as present: their class weight and pos_weight are 0", never);
            }
            Map<String, Double> pixelFraction = null;
            if (anyMask) {
                long total = 0;
                for (long p : pixels) {
                    total += p;
                }
                pixelFraction = new LinkedHashMap<>();
                List<String> names = VocClasses.withBackground();
                for (int v = 0; v < pixels.length; v++) {
                    pixelFraction.put(names.get(v), total == 0 ? 0.0 : pixels[v] / (double) total);
                }
            }
            Map<String, Integer> bySize = new LinkedHashMap<>();
            sizes.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                            .thenComparing(Map.Entry.comparingByKey()))
                    .forEach(e -> bySize.put(e.getKey(), e.getValue()));
            return new ClassStatistics(images, classImages, classWeights, posWeight, pixelFraction, bySize);
        }
    }
}
