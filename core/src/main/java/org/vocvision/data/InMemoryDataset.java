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
public class InMemoryDataset implements Dataset {

    private final Layout layout;
    private final Path root;
    /** split -> (id -> sample), in split order. */
    private final Map<String, Map<String, Sample>> splits = new LinkedHashMap<>();

    /**
     * @param layout the layout the data would have on disk
     * @param root a name for where it came from (not read)
     * @param samples every split's samples, in split order (the first split is the default)
     */
    public InMemoryDataset(Layout layout, Path root, Map<String, List<Sample>> samples) {
        this.layout = layout;
        this.root = root;
        if (samples.isEmpty()) {
            throw new IllegalArgumentException(root + ": a data set needs at least one split");
        }
        samples.forEach((split, list) -> {
            Map<String, Sample> byId = new LinkedHashMap<>();
            for (Sample s : list) {
                if (byId.put(s.id(), s) != null) {
                    throw new IllegalArgumentException(root + ": split '" + split + "' has id '" + s.id() + "' twice");
                }
            }
            splits.put(split, byId);
        });
    }

    /** An empty data set of one layout, to fill with {@link #add}. */
    public InMemoryDataset(Layout layout, Path root) {
        this.layout = layout;
        this.root = root;
    }

    /** Adds a sample to a split (created on first use, after the existing ones). */
    public InMemoryDataset add(String split, Sample sample) {
        Map<String, Sample> byId = splits.computeIfAbsent(split, s -> new LinkedHashMap<>());
        if (byId.put(sample.id(), sample) != null) {
            throw new IllegalArgumentException(root + ": split '" + split + "' has id '" + sample.id() + "' twice");
        }
        return this;
    }

    @Override
    public Layout layout() {
        return layout;
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public List<String> splits() {
        return List.copyOf(splits.keySet());
    }

    @Override
    public String defaultSplit() {
        if (splits.isEmpty()) {
            throw new IllegalStateException(root + ": the data set has no split");
        }
        return splits.keySet().iterator().next();
    }

    @Override
    public List<String> ids(String split) {
        return new ArrayList<>(split(split).keySet());
    }

    @Override
    public Sample load(String split, String id) {
        Sample s = split(split).get(id);
        if (s == null) {
            throw new IllegalArgumentException(root + ": no image with id '" + id + "' in split '" + split + "'");
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

    private Map<String, Sample> split(String split) {
        Map<String, Sample> byId = splits.get(split);
        if (byId == null) {
            throw new IllegalArgumentException(root + ": no split '" + split + "'; this data set has " + splits());
        }
        return byId;
    }
}
