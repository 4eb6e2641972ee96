package org.vocvision.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a data set that holds its own splits decides once: its layout, the root its messages name, and the
 * map from each split to that split's index (ids with their labels, the samples themselves, or an id list),
 * where an unknown split throws naming the valid ones.
 *
 * @param <S> one split's index
 */
abstract class SplitsDataset<S> implements Dataset {

    private final Layout layout;
    private final Path root;
    /** split -> the split's index; {@link #splits()} lists them in this map's order. */
    final Map<String, S> bySplit;

    SplitsDataset(Layout layout, Path root, Map<String, S> bySplit) {
        this.layout = layout;
        this.root = root;
        this.bySplit = bySplit;
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
        return List.copyOf(bySplit.keySet());
    }

    /** The index of {@code split}; an unknown split throws, naming this data set's splits. */
    S split(String split) {
        S index = bySplit.get(split);
        if (index == null) {
            throw new IllegalArgumentException(root + ": no split '" + split + "'; this data set has " + splits());
        }
        return index;
    }

    /** The error for an id that {@code split} lacks. */
    IllegalArgumentException noImage(String split, String id) {
        return new IllegalArgumentException(root + ": no image with id '" + id + "' in split '" + split + "'");
    }
}
