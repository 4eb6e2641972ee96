package org.vocvision.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vocvision.data.ClassStatistics;
import org.vocvision.data.Dataset;
import org.vocvision.data.Datasets;
import org.vocvision.data.Layout;
import org.vocvision.data.SkippingDataset;
import org.vocvision.data.VocClasses;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vocvision stats}: class balance, class weights and image sizes of a data set split. */
@Command(
        name = "stats",
        mixinStandardHelpOptions = true,
        description = "Counts images per class, the balanced class weights and BCE pos_weight, the pixel share"
                + " of each class in the masks, and the image sizes of one split.",
        footer = {"", "Example:", "  vocvision stats --data data/competition --split train --json"})
final class StatsCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin DataOptions data;

    @Option(names = "--split", paramLabel = "NAME",
            description = "The split to count (default: trainval for VOC, train for the competition layout).")
    String split;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Option(names = "--skip-invalid",
            description = "Skip samples whose files are missing or broken, and list them at the end.")
    boolean skipInvalid;

    @Override
    public Integer call() {
        Dataset dataset = data.open();
        SkippingDataset skipping = skipInvalid ? new SkippingDataset(dataset) : null;
        if (skipping != null) {
            dataset = skipping;
        }
        String name = split == null ? dataset.defaultSplit() : split;
        ClassStatistics stats = ClassStatistics.of(dataset, name);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(stats.toJson());
        } else {
            printTable(out, dataset, name, stats);
        }
        if (skipping != null) {
            spec.commandLine().getErr().println(skipping.report());
        }
        out.flush();
        return 0;
    }

    /** The human-readable table; {@code run} prints the same one. */
    static void printTable(PrintWriter out, Dataset dataset, String split, ClassStatistics stats) {
        out.printf("%s (%s), split %s: %d images%n", dataset.root(), dataset.layout().name().toLowerCase(),
                split, stats.images());
        boolean pixels = stats.pixelFraction() != null;
        out.printf("%-12s %7s %13s %11s%s%n", "class", "images", "class_weight", "pos_weight",
                pixels ? "   pixels" : "");
        if (pixels) {
            out.printf("%-12s %7s %13s %11s %7.2f%%%n", "background", "", "", "",
                    100 * stats.pixelFraction().get("background"));
        }
        for (String c : VocClasses.NAMES) {
            out.printf("%-12s %7d %13.4f %11.4f%s%n", c, stats.classImages().get(c), stats.classWeights().get(c),
                    stats.posWeight().get(c), pixels ? String.format(" %7.2f%%", 100 * stats.pixelFraction().get(c)) : "");
        }
        out.println("sizes (HxW: images):");
        List<Map.Entry<String, Integer>> sizes = List.copyOf(stats.sizes().entrySet());
        for (Map.Entry<String, Integer> e : sizes.subList(0, Math.min(10, sizes.size()))) {
            out.printf("  %-10s %d%n", e.getKey(), e.getValue());
        }
        if (sizes.size() > 10) {
            out.printf("  ... and %d other sizes%n", sizes.size() - 10);
        }
    }
}
