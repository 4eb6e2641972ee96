package org.vocvision.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import org.vocvision.data.ClassStatistics;
import org.vocvision.data.Dataset;
import org.vocvision.data.Datasets;
import org.vocvision.data.Layout;
import org.vocvision.data.SyntheticVoc;
import org.vocvision.report.HtmlReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vocvision run}: the main job, end to end, on a data set or on the built-in synthetic one. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "The main job: reads the data set (or generates the built-in synthetic one when --data is"
                + " not given), prints and saves its class statistics, and writes a self-contained report.html.",
        footer = {"", "Examples:", "  vocvision run", "  vocvision run --data data/competition --run runs/first"})
final class RunCommand implements Callable<Integer> {

    /** Size of the built-in data set: big enough to learn from, small enough for minutes on 2 cores. */
    static final int BUILT_IN_TRAIN = 240;
    static final int BUILT_IN_TEST = 60;
    static final int BUILT_IN_LONG_SIDE = 128;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR",
            description = "A competition or VOCdevkit data set (default: generate the built-in one into the run directory).")
    Path data;

    @Option(names = "--run", paramLabel = "DIR", description = "Run directory (default: runs/<date-time>).")
    Path run;

    @Option(names = "--seed", defaultValue = "2009", paramLabel = "S", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path runDir = run != null ? run
                : Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(runDir);
        Path dataDir = data;
        if (dataDir == null) {
            dataDir = runDir.resolve("data");
            long start = System.nanoTime();
            SyntheticVoc.builder().optSeed(seed).optLongSide(BUILT_IN_LONG_SIDE).build()
                    .write(dataDir, Layout.COMPETITION, BUILT_IN_TRAIN, BUILT_IN_TEST);
            out.printf("built-in data set: %d train + %d test synthetic images written to %s (%.1f s)%n",
                    BUILT_IN_TRAIN, BUILT_IN_TEST, dataDir, (System.nanoTime() - start) / 1e9);
        }
        Dataset dataset = Datasets.open(dataDir, null);
        String split = dataset.defaultSplit();
        ClassStatistics stats = ClassStatistics.of(dataset, split);
        Files.writeString(runDir.resolve("stats.json"), stats.toJson());
        out.printf("%s (%s), split %s: %d images%n", dataset.root(),
                dataset.layout().name().toLowerCase(java.util.Locale.ROOT), split, stats.images());
        out.printf("%-12s %7s %13s %11s%n", "class", "images", "class_weight", "pos_weight");
        for (String c : org.vocvision.data.VocClasses.NAMES) {
            out.printf("%-12s %7d %13.4f %11.4f%n", c, stats.classImages().get(c), stats.classWeights().get(c),
                    stats.posWeight().get(c));
        }
        Path report = HtmlReport.write(runDir, "vocvision run " + runDir.getFileName());
        out.printf("report: %s%n", report);
        out.flush();
        return 0;
    }
}
