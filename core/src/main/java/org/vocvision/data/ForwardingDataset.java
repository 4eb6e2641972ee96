package org.vocvision.data;

import java.nio.file.Path;
import java.util.List;

/**
 * A data set that answers every question by asking another one: the base of the wrappers that change
 * only some answers (extra splits, skipped samples).
 */
abstract class ForwardingDataset implements Dataset {

    /** The wrapped data set. */
    final Dataset inner;

    ForwardingDataset(Dataset inner) {
        this.inner = inner;
    }

    @Override
    public Layout layout() {
        return inner.layout();
    }

    @Override
    public Path root() {
        return inner.root();
    }

    @Override
    public List<String> splits() {
        return inner.splits();
    }

    @Override
    public String defaultSplit() {
        return inner.defaultSplit();
    }

    @Override
    public List<String> ids(String split) {
        return inner.ids(split);
    }

    @Override
    public Sample load(String split, String id) {
        return inner.load(split, id);
    }

    @Override
    public Label[] labels(String split, String id) {
        return inner.labels(split, id);
    }

    @Override
    public boolean hasMask(String split, String id) {
        return inner.hasMask(split, id);
    }
}
