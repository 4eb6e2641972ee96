package org.vocvision.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --skip-invalid}: a data set without its broken samples. {@link #ids(String)} loads every
 * sample of the split once (so it reads each file), keeps the ids that load, and records the others
 * in {@link #skipped()}; later {@link #load} calls on the kept ids then succeed. Missing files,
 * corrupt images, bad masks and wrong array shapes are all skipped this way; csv and id-list errors
 * still fail at open, since they spoil the whole split.
 */
public final class SkippingDataset extends ForwardingDataset {

    private static final Logger LOG = LoggerFactory.getLogger(SkippingDataset.class);

    /** One skipped sample: its id, the offending file and the problem. */
    public record Skipped(String id, Path file, String problem) {}

    private final Map<String, List<String>> validIds = new HashMap<>();
    private final List<Skipped> skipped = new ArrayList<>();

    public SkippingDataset(Dataset inner) {
        super(inner);
    }

    @Override
    public synchronized List<String> ids(String split) {
        List<String> valid = validIds.get(split);
        if (valid == null) {
            List<String> kept = new ArrayList<>();
            for (String id : inner.ids(split)) {
                try {
                    load(split, id);
                    kept.add(id);
                } catch (InvalidDataException e) {
                    LOG.warn("skipping {}: {}", id, e.getMessage());
                    skipped.add(new Skipped(id, e.file(), e.getMessage()));
                }
            }
            valid = List.copyOf(kept);
            validIds.put(split, valid);
        }
        return valid;
    }

    /** The samples skipped so far, in the order they were found. */
    public synchronized List<Skipped> skipped() {
        return List.copyOf(skipped);
    }

    /** One line per skipped sample, after a count: what {@code --skip-invalid} prints at the end. */
    public synchronized String report() {
        StringBuilder s = new StringBuilder("skipped " + skipped.size() + " invalid sample"
                + (skipped.size() == 1 ? "" : "s"));
        for (Skipped k : skipped) {
            s.append(System.lineSeparator()).append("  ").append(k.id()).append(": ").append(k.problem());
        }
        return s.toString();
    }
}
