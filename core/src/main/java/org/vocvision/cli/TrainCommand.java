package org.vocvision.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vocvision train}: groups the classifier and segmenter trainings. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Trains a model on a labelled data set into a run directory.",
        subcommands = {TrainClassifierCommand.class, TrainSegmenterCommand.class},
        footer = {"", "Examples:", "  vocvision train classifier --data data/competition --model mobilenet_v2 --epochs 20",
            "  vocvision train segmenter --data data/competition --model deeplabv3plus --backbone mobilenet_v2"})
final class TrainCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
