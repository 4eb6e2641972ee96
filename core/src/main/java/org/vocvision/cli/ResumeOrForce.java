package org.vocvision.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.vocvision.run.RunDir;
import picocli.CommandLine.Option;

/** {@code --resume} and {@code --force}: what train and run do with the run their --run directory holds already. */
final class ResumeOrForce {

    @Option(names = "--resume", description = "Continue the interrupted run in --run: finished models are reused, an"
            + " interrupted training continues from its last checkpoint.")
    boolean resume;

    @Option(names = "--force", description = "Replace the run in --run (the files vocvision wrote there; for run, its"
            + " built-in data too) instead of refusing to.")
    boolean force;

    /** Refuses both at once; with --force, removes the run's files from {@code dir}. */
    void prepare(Path dir) throws IOException {
        if (resume && force) {
            throw new IllegalArgumentException("--resume continues a run and --force replaces it: give one");
        }
        if (force) {
            new RunDir(dir).clear();
        }
    }
}
