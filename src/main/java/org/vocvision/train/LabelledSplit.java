package org.vocvision.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vocvision.data.Dataset;
import org.vocvision.data.Label;
import org.vocvision.data.Sample;
import org.vocvision.data.StratifiedSplit;
import org.vocvision.data.TrainValSplit;

/**
 * A labelled split cut into stratified train and val parts, with every image's labels kept (not
 * its pixels: a VOC split does not fit in memory), so validation can leave "difficult" out.
 */
public record LabelledSplit(List<String> train, List<String> val, Map<String, Label[]> labels) {

    /**
     * @param masksOnly keep only the images with a segmentation mask (VOC's trainval has many without)
     */
    public static LabelledSplit of(Dataset dataset, String split, double valFraction, long seed, boolean masksOnly) {
        List<String> ids = new ArrayList<>();
        List<float[]> targets = new ArrayList<>(ids.size());
        Map<String, Label[]> labels = new HashMap<>();
        for (String id : dataset.ids(split)) {
            Sample s = dataset.load(split, id);
            if (masksOnly && !s.hasMask()) {
                continue;
            }
            for (Label l : s.labels()) {
                if (l == Label.UNKNOWN) {
                    throw new IllegalArgumentException(s.source() + ": image " + id + " of split '" + split
                            + "' has no labels: training needs a labelled split");
                }
            }
            ids.add(id);
            targets.add(s.targets());
            labels.put(id, s.labels());
        }
        if (ids.size() < 2) {
            throw new IllegalArgumentException(dataset.root() + ": split '" + split + "' has " + ids.size()
                    + (masksOnly ? " images with masks" : " images") + "; training needs at least 2");
        }
        TrainValSplit parts = StratifiedSplit.split(ids, targets, valFraction, seed);
        return new LabelledSplit(parts.train(), parts.val(), labels);
    }
}
