package org.vocvision.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.vocvision.data.AugmentOptions;
import org.vocvision.data.BatchSource;
import org.vocvision.data.Batches;
import org.vocvision.data.Dataset;
import org.vocvision.data.Datasets;
import org.vocvision.data.Layout;
import org.vocvision.data.SyntheticVoc;
import org.vocvision.engine.ProcessMemory;

/**
 * The input pipeline at 224 px as training runs it: JPEG files of VOC's size (500 px long side) read
 * from disk and decoded, classification augmentation (random resized crop, flip, colour jitter), and
 * batches of 16 float arrays, on the loader's worker threads. One step is one pass over the images.
 */
public final class DataPathBenchmark {

    static final int SIZE = 224;
    static final int BATCH = 16;

    private DataPathBenchmark() {}

    /** {@value BenchCase#DATA_PATH}: images/s of a pass over {@code images} JPEGs with {@code threads} workers. */
    public static Measurement run(int images, int threads, StepTimer timer) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("vocvision-bench");
            SyntheticVoc.builder().optLongSide(500).optSeed(1).build().write(dir, Layout.VOC, images, 0);
            Dataset dataset = Datasets.open(dir, Layout.VOC);
            List<String> ids = dataset.ids("train");
            Batches batches = Batches.builder().setDataset(dataset, "train", ids).setBatchSize(BATCH).setInputSize(SIZE, SIZE)
                    .optShuffle(true).optAugment(AugmentOptions.classification()).optThreads(threads).optSeed(1).build();
            int[] epoch = {0};
            double start = ProcessMemory.residentMb();
            ProcessMemory.resetPeak();
            double seconds = timer.medianSeconds(() -> {
                try (BatchSource.EpochBatches pass = batches.epoch(epoch[0]++)) {
                    while (pass.hasNext()) {
                        pass.next();
                    }
                }
            });
            return new Measurement(BenchCase.DATA_PATH, BATCH, SIZE, ids.size() / seconds, seconds,
                    ProcessMemory.peakResidentMb(), start);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
