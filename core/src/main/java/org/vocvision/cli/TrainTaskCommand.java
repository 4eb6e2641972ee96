package org.vocvision.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vocvision.train.Recipe;
import org.vocvision.train.TrainingResult;
import picocli.CommandLine;

/** A {@code train} subcommand: the shared {@link TrainOptions}, a task's recipe, one training, one closing line. */
abstract class TrainTaskCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin TrainOptions train;

    /** The recipe from the shared options and this task's own. */
    abstract Recipe.Builder recipe();

    /** The task's validation numbers in words, the closing line's start. */
    abstract String metrics(TrainingResult result);

    @Override
    public Integer call() throws IOException {
        TrainingResult result = train.train(recipe().build());
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s, best epoch %d of %d; %.1f training images/s; run %s%n", metrics(result),
                result.bestEpoch(), result.epochs(), result.trainImagesPerSecond(), train.run);
        out.flush();
        return 0;
    }
}
