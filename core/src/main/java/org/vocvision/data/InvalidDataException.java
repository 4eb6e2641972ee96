package org.vocvision.data;

import java.nio.file.Path;

/** A data file that cannot be used as it is; the message names the file and what is wrong with it. */
public class InvalidDataException extends RuntimeException {

    private final transient Path file;

    public InvalidDataException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public InvalidDataException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The offending file (or directory). */
    public Path file() {
        return file;
    }
}
