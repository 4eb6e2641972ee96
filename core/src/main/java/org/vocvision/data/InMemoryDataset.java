package org.vocvision.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A data set held in memory: the synthetic generator's output, a run's held-out part, and a fixture for
 * tests anywhere in the project. Ids are unique within a split; splits may reuse ids (as the competition's
 * train and test do).
 */
public class InMemoryDataset extends SplitsDataset<Map<String, Sample>> {

    /**
     * @param layout the layout the data would have on disk
     * @param root a name for where it came from (not read)
     * @param samples every split's samples, in split order (the first split is the default)
     */
    public InMemoryDataset(Layout layout, Path root, Map<String, List<Sample>> samples) {
        this(layout, root);
        if (samples.isEmpty()) {
            throw new IllegalArgumentException(root + ": a data set needs at least one split");
        }
        samples.forEach((split, list) -> {
            bySplit.put(split, new LinkedHashMap<>());
            list.forEach(s -> add(split, s));
        });
    }

    /** An empty data set of one layout, to fill with {@link #add}. */
    public InMemoryDataset(Layout layout, Path root) {
        super(layout, root, new LinkedHashMap<>());
    }

    /** Adds a sample to a split (created on first use, after the existing ones). */
    public InMemoryDataset add(String split, Sample sample) {
        Map<String, Sample> byId = bySplit.computeIfAbsent(split, s -> new LinkedHashMap<>());
        if (byId.put(sample.id(), sample) != null) {
            throw new IllegalArgumentException(root() + ": split '" + split + "' has id '" + sample.id() + "' twice");
        }
        return this;
    }

    @Override
    public String defaultSplit() {
        if (bySplit.isEmpty()) {
            throw new IllegalStateException(root() + ": the data set has no split");
        }
        return bySplit.keySet().iterator().next();
    }

    @Override
    public List<String> ids(String split) {
        return new ArrayList<>(split(split).keySet());
    }

    @Override
    public Sample load(String split, String id) {
        Sample s = split(split).get(id);
        if (s == null) {
            throw noImage(split, id);
        }
        return s;
    }

    @Override
    public Label[] labels(String split, String id) {
        return load(split, id).labels().clone();
    }

    @Override
    public boolean hasMask(String split, String id) {
        return load(split, id).hasMask();
    }
}
