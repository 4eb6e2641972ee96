package org.vocvision.submit;

import java.nio.file.Path;
import java.util.Arrays;
import org.vocvision.data.Label;
import org.vocvision.data.Layout;
import org.vocvision.data.Mask;
import org.vocvision.data.RgbImage;
import org.vocvision.data.Sample;

/** The project's in-memory data set with one split "val" and shorthands for what the scorer tests need. */
public final class InMemoryDataset extends org.vocvision.data.InMemoryDataset {

    public InMemoryDataset() {
        super(Layout.COMPETITION, Path.of("mem"));
    }

    /** Adds an image to "val" with the given present classes (0-based) and mask. */
    public InMemoryDataset add(String id, Mask mask, int... presentClasses) {
        Label[] labels = new Label[20];
        Arrays.fill(labels, Label.ABSENT);
        for (int c : presentClasses) {
            labels[c] = Label.PRESENT;
        }
        return add(new Sample(id, RgbImage.blank(mask.height(), mask.width()), labels, mask, Path.of("mem", id)));
    }

    public InMemoryDataset add(Sample sample) {
        add("val", sample);
        return this;
    }
}
