package org.vocvision.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vocvision.train.Recipe;
import org.vocvision.train.TrainingResult;
import picocli.CommandLine;

/** A {@code train} subcommand: the shared {@link TrainOptions}, a task's recipe, one training, one closing line. */
abstract class TrainTaskCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin TrainOptions train;

    private final String metricsFormat;
    private final String[] metrics;

    /** @param metricsFormat the closing line's start, formatting the values of {@code metrics} (metrics.json's keys) */
    TrainTaskCommand(String metricsFormat, String... metrics) {
        this.metricsFormat = metricsFormat;
        this.metrics = metrics;
    }

    /** The recipe from the shared options and this task's own. */
    abstract Recipe.Builder recipe();

    @Override
    public Integer call() throws IOException {
        TrainingResult result = train.train(recipe().build());
        Object[] values = Arrays.stream(metrics).map(result.metrics()::get).toArray();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s, best epoch %d of %d; %.1f training images/s; run %s%n",
                String.format(Locale.ROOT, metricsFormat, values), result.bestEpoch(), result.epochs(),
                result.trainImagesPerSecond(), train.run);
        out.flush();
        return 0;
    }
}
