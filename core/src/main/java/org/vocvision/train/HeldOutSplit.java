package org.vocvision.train;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.vocvision.data.Dataset;
import org.vocvision.data.Label;
import org.vocvision.data.StratifiedSplit;
import org.vocvision.data.TrainValSplit;

/**
 * A labelled split cut into a train part and a held-out val part, stratified by the images' labels
 * (read without decoding any image). Both tasks draw the SAME cut for the same (split, fraction, seed):
 * the segmenter then keeps the images with masks on each side, so the main job never scores a model
 * on an image it trained on, even where only some images have masks (real VOCdevkit: about a third).
 *
 * @param split the data set's split the parts come from
 * @param train the training ids, in split order
 * @param val the held-out ids, in split order
 */
public record HeldOutSplit(String split, List<String> train, List<String> val) {

    public HeldOutSplit {
        train = List.copyOf(train);
        val = List.copyOf(val);
    }

    /** The stratified cut of the labelled images of {@code split}. */
    public static HeldOutSplit draw(Dataset dataset, String split, double valFraction, long seed) {
        List<String> ids = new ArrayList<>();
        List<float[]> targets = new ArrayList<>();
        for (String id : dataset.ids(split)) {
            Label[] labels = dataset.labels(split, id);
            float[] t = new float[labels.length];
            boolean known = true;
            for (int c = 0; c < labels.length; c++) {
                known &= labels[c] != Label.UNKNOWN;
                t[c] = labels[c].target();
            }
            if (known) {
                ids.add(id);
                targets.add(t);
            }
        }
        if (ids.size() < 2) {
            throw new IllegalArgumentException(dataset.root() + ": split '" + split + "' has " + ids.size()
                    + " labelled images; training needs at least 2 (a test split has no labels: train on "
                    + dataset.defaultSplit() + ")");
        }
        TrainValSplit parts = StratifiedSplit.split(ids, targets, valFraction, seed);
        return new HeldOutSplit(split, parts.train(), parts.val());
    }

    /** The cut a run recorded: its split and val ids; the train part is the split's other labelled images. */
    public static HeldOutSplit recorded(Dataset dataset, Provenance provenance) {
        Set<String> val = new HashSet<>(provenance.valIds());
        List<String> train = new ArrayList<>();
        for (String id : dataset.ids(provenance.split())) {
            if (!val.contains(id)) {
                train.add(id);
            }
        }
        return new HeldOutSplit(provenance.split(), train, provenance.valIds());
    }

    /** Both parts restricted to the images {@code usable} accepts (e.g. those with masks). */
    public HeldOutSplit keep(Predicate<String> usable) {
        return new HeldOutSplit(split, train.stream().filter(usable).toList(), val.stream().filter(usable).toList());
    }
}
