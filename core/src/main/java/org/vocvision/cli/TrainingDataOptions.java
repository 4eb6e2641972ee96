package org.vocvision.cli;

import picocli.CommandLine.Option;

/** How a training holds out and loads its labelled images: {@code --val-fraction} and {@code --threads}, for train and run alike. */
final class TrainingDataOptions {

    @Option(names = "--val-fraction", defaultValue = "0.2", paramLabel = "F",
            description = "Share of the labelled split held out for validation (default ${DEFAULT-VALUE}).")
    double valFraction;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "N", description = "Data loader threads (default ${DEFAULT-VALUE}).")
    int threads;
}
