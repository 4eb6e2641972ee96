package org.vocvision.data;

import java.nio.file.Path;
import java.util.List;

/** A labelled image collection on disk, read lazily one sample at a time. */
public interface Dataset {

    Layout layout();

    /** The directory the data set was opened from. */
    Path root();

    /** The split names this data set has, e.g. train/val/trainval for VOC, train/test for the competition. */
    List<String> splits();

    /** The split used when the user names none: trainval for VOC, train for the competition layout. */
    String defaultSplit();

    /** The image ids of a split, in the data set's own order; an unknown split throws, naming the valid ones. */
    List<String> ids(String split);

    /** Reads one sample; a broken file throws {@link InvalidDataException} naming it. */
    Sample load(String id);

    /**
     * Reads image {@code id} of {@code split}. Needed where splits reuse ids: the competition numbers its
     * train and test images both from 0, so {@code load(id)} alone cannot tell them apart.
     */
    default Sample load(String split, String id) {
        return load(id);
    }
}
