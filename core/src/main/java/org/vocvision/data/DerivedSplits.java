package org.vocvision.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A data set with extra named splits, each a subset of one of its own splits: a run's held-out images as
 * split "heldout" (and "val" where the data set has no val split of its own, as the competition layout
 * has none). Loads go to the underlying split, so an image is still named by (split, id).
 */
public final class DerivedSplits extends ForwardingDataset {

    /** A derived split: which split of the data set its ids come from. */
    public record Subset(String from, List<String> ids) {
        public Subset {
            ids = List.copyOf(ids);
        }
    }

    private final Map<String, Subset> derived;
    private final Map<String, Set<String>> members = new LinkedHashMap<>();

    /**
     * @throws IllegalArgumentException when a subset names a split the data set lacks, or an id its split lacks
     *     (a run trained on another data set)
     */
    public DerivedSplits(Dataset base, Map<String, Subset> derived) {
        super(base);
        this.derived = new LinkedHashMap<>(derived);
        for (Map.Entry<String, Subset> e : derived.entrySet()) {
            members.put(e.getKey(), new HashSet<>(e.getValue().ids()));
            Set<String> known = new HashSet<>(base.ids(e.getValue().from()));
            for (String id : e.getValue().ids()) {
                if (!known.contains(id)) {
                    throw new IllegalArgumentException(base.root() + ": split '" + e.getKey() + "' names image '" + id
                            + "', which split '" + e.getValue().from() + "' does not have: is this the data set the run"
                            + " was trained on?");
                }
            }
        }
    }

    @Override
    public List<String> splits() {
        List<String> all = new ArrayList<>(inner.splits());
        derived.keySet().stream().filter(s -> !all.contains(s)).forEach(all::add);
        return all;
    }

    @Override
    public List<String> ids(String split) {
        Subset s = derived.get(split);
        return s != null ? s.ids() : inner.ids(split);
    }

    @Override
    public Sample load(String split, String id) {
        return inner.load(from(split, id), id);
    }

    @Override
    public Label[] labels(String split, String id) {
        return inner.labels(from(split, id), id);
    }

    @Override
    public boolean hasMask(String split, String id) {
        return inner.hasMask(from(split, id), id);
    }

    private String from(String split, String id) {
        Subset s = derived.get(split);
        if (s == null) {
            return split;
        }
        if (!members.get(split).contains(id)) {
            throw new IllegalArgumentException(root() + ": no image '" + id + "' in split '" + split + "'");
        }
        return s.from();
    }
}
