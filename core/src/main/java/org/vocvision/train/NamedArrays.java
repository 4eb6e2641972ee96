package org.vocvision.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.Map;

/** Arrays kept by name (optimiser slots, weight averages) as the named list a checkpoint stores. */
final class NamedArrays {

    private NamedArrays() {
    }

    /** Copies of the arrays, each named by its key; the caller closes them. */
    static NDList copies(Map<String, NDArray> byName) {
        NDList list = new NDList();
        for (Map.Entry<String, NDArray> entry : byName.entrySet()) {
            NDArray copy = entry.getValue().duplicate();
            copy.setName(entry.getKey());
            list.add(copy);
        }
        return list;
    }
}
