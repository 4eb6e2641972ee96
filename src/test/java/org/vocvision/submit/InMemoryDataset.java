package org.vocvision.submit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vocvision.data.Dataset;
import org.vocvision.data.Label;
import org.vocvision.data.Layout;
import org.vocvision.data.Mask;
import org.vocvision.data.RgbImage;
import org.vocvision.data.Sample;

/** A data set held in memory, one split "val": what the validator and scorer need from a real one. */
public final class InMemoryDataset implements Dataset {

    private final Map<String, Sample> samples = new LinkedHashMap<>();

    /** Adds an image with the given present classes (0-based) and mask. */
    public InMemoryDataset add(String id, Mask mask, int... presentClasses) {
        Label[] labels = new Label[20];
        Arrays.fill(labels, Label.ABSENT);
        for (int c : presentClasses) {
            labels[c] = Label.PRESENT;
        }
        return add(new Sample(id, RgbImage.blank(mask.height(), mask.width()), labels, mask, Path.of("mem", id)));
    }

    public InMemoryDataset add(Sample sample) {
        samples.put(sample.id(), sample);
        return this;
    }

    @Override
    public Layout layout() {
        return Layout.COMPETITION;
    }

    @Override
    public Path root() {
        return Path.of("mem");
    }

    @Override
    public List<String> splits() {
        return List.of("val");
    }

    @Override
    public String defaultSplit() {
        return "val";
    }

    @Override
    public List<String> ids(String split) {
        if (!split.equals("val")) {
            throw new IllegalArgumentException("unknown split " + split + "; valid: [val]");
        }
        return new ArrayList<>(samples.keySet());
    }

    @Override
    public Sample load(String id) {
        Sample s = samples.get(id);
        if (s == null) {
            throw new IllegalArgumentException("no image " + id);
        }
        return s;
    }
}
