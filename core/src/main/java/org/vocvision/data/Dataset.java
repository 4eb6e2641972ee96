package org.vocvision.data;

import java.nio.file.Path;
import java.util.List;

/**
 * A labelled image collection on disk, read lazily one sample at a time.
 *
 * <p>An image is always named by its split AND its id: the competition numbers its train and its test
 * images both from 0, so train id 7 and test id 7 are different images of different sizes
 * (docs/DATA.md). Labels and the presence of a mask can be asked without decoding pixels,
 * so splitting and class statistics read only the index files.
 */
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

    /** Reads image {@code id} of {@code split}; a broken file throws {@link InvalidDataException} naming it. */
    Sample load(String split, String id);

    /** The image's 20 labels, read from the index files without decoding the image. */
    Label[] labels(String split, String id);

    /** Whether the image has a segmentation mask, without decoding it. */
    boolean hasMask(String split, String id);
}
