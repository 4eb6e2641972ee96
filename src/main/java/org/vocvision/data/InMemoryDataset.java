package org.vocvision.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A data set held in memory: the synthetic generator's output, and a convenient fixture for tests
 * anywhere in the project.
 *
 * @param layout the layout the data would have on disk
 * @param root a name for where it came from (not read)
 * @param splitIds the ids of each split, in split order (the first is the default split)
 * @param samples every sample of every split, by id
 */
public record InMemoryDataset(Layout layout, Path root, Map<String, List<String>> splitIds,
        Map<String, Sample> samples) implements Dataset {

    public InMemoryDataset {
        if (splitIds.isEmpty()) {
            throw new IllegalArgumentException(root + ": a data set needs at least one split");
        }
        for (Map.Entry<String, List<String>> split : splitIds.entrySet()) {
            for (String id : split.getValue()) {
                if (!samples.containsKey(id)) {
                    throw new IllegalArgumentException(root + ": split '" + split.getKey() + "' names id '" + id
                            + "', which has no sample");
                }
            }
        }
    }

    @Override
    public List<String> splits() {
        return List.copyOf(splitIds.keySet());
    }

    @Override
    public String defaultSplit() {
        return splitIds.keySet().iterator().next();
    }

    @Override
    public List<String> ids(String split) {
        List<String> ids = splitIds.get(split);
        if (ids == null) {
            throw new IllegalArgumentException(root + ": no split '" + split + "'; valid: " + splits());
        }
        return ids;
    }

    @Override
    public Sample load(String id) {
        Sample s = samples.get(id);
        if (s == null) {
            throw new IllegalArgumentException(root + ": no sample with id '" + id + "'");
        }
        return s;
    }
}
