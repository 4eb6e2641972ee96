package org.vocvision.spark;

import java.io.Serializable;

/**
 * One image to predict, as the driver lists it and an executor reads it: either image {@code id} of split
 * {@code split} of the data set at {@code data} (read through the core's {@code Dataset}), or a plain image
 * file at {@code path} (its stem is the id). Paths must be readable by every executor (a shared filesystem).
 *
 * @param layout the data set's layout name, or null to recognise it (data-set images only)
 */
record ImageRef(String id, String path, String data, String layout, String split) implements Serializable {

    static ImageRef file(String path) {
        String name = java.nio.file.Path.of(path).getFileName().toString();
        int dot = name.lastIndexOf('.');
        return new ImageRef(dot > 0 ? name.substring(0, dot) : name, path, null, null, null);
    }

    static ImageRef inDataset(String data, String layout, String split, String id) {
        return new ImageRef(id, null, data, layout, split);
    }

    boolean isFile() {
        return data == null;
    }
}
