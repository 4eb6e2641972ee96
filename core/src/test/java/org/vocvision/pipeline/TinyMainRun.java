package org.vocvision.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.vocvision.data.Dataset;
import org.vocvision.data.Datasets;
import org.vocvision.data.Layout;
import org.vocvision.data.SyntheticVoc;

/**
 * One tiny main job per test JVM (about a minute on 2 quiet cores), shared by the tests that need a real
 * run directory: a VOCdevkit layout with masks for about a third of its 48 images, one epoch of each model
 * at 32 px. It lives under target/ so its report.html can be opened after the tests.
 */
final class TinyMainRun {

    static final Path DIR = Path.of("target", "tiny-main-run");

    private static MainJob.Result result;
    private static Dataset dataset;

    private TinyMainRun() {}

    static synchronized MainJob.Result result() {
        if (result == null) {
            try {
                delete(DIR);
                Path data = DIR.resolve("data/VOCdevkit/VOC2009");
                SyntheticVoc.builder().optSeed(8).optLongSide(40).optVoidBand(true).build().write(data, Layout.VOC, 48, 4);
                dataset = Datasets.open(DIR.resolve("data"), null);
                result = MainJob.run(dataset, DIR.resolve("run"), new MainJob.Settings(1, 1, 32, 0.25f, 0.25, 3, 1),
                        MainJobTest.QUIET);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return result;
    }

    static synchronized Dataset dataset() {
        result();
        return dataset;
    }

    static Path runDir() {
        return DIR.resolve("run");
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
