package org.vocvision.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vocvision.data.Layout;
import org.vocvision.data.SyntheticVoc;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vocvision synth}: writes the built-in synthetic VOC-style data set. */
@Command(
        name = "synth",
        mixinStandardHelpOptions = true,
        description = "Generates a synthetic VOC-style data set (20 object classes with their own shapes, textures"
                + " and colours on cluttered backgrounds, with masks) and writes it in the competition or the"
                + " VOCdevkit layout. The same seed gives the same bytes.",
        footer = {"", "Example:", "  vocvision synth --out data/synthetic --layout competition --train 300 --test 100"})
final class SynthCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write (created).")
    Path out;

    @Option(names = "--layout", defaultValue = "competition", paramLabel = "voc|competition",
            converter = LayoutOption.Converter.class,
            description = "competition (csv + .npy, default) or voc (VOCdevkit year directory, with void bands).")
    Layout layout;

    @Option(names = "--train", defaultValue = "240", paramLabel = "N", description = "Labelled images (default ${DEFAULT-VALUE}).")
    int train;

    @Option(names = "--test", defaultValue = "60", paramLabel = "N", description = "Test images (default ${DEFAULT-VALUE}).")
    int test;

    @Option(names = "--seed", defaultValue = "2009", paramLabel = "S", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--long-side", defaultValue = "128", paramLabel = "PX",
            description = "Long side of every image in pixels (default ${DEFAULT-VALUE}; VOC's is 500).")
    int longSide;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        SyntheticVoc.builder().optSeed(seed).optLongSide(longSide).optVoidBand(layout == Layout.VOC).build()
                .write(out, layout, train, test);
        double seconds = (System.nanoTime() - start) / 1e9;
        PrintWriter w = spec.commandLine().getOut();
        w.printf("wrote %d train + %d test images (%s layout, long side %d px) to %s in %.1f s (%.0f images/s)%n",
                train, test, layout.name().toLowerCase(java.util.Locale.ROOT), longSide, out, seconds,
                (train + test) / seconds);
        w.flush();
        return 0;
    }
}
