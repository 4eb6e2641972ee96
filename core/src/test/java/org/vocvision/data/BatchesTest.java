package org.vocvision.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchesTest {

    private static final InMemoryDataset DATA = SyntheticVoc.builder().optSeed(21).optLongSide(48).build().dataset(22, 5);
    private static final AugmentOptions AUGMENT = AugmentOptions.builder().optCrop(CropMode.SCALE_CROP)
            .optFlipProbability(0.5).optRotation(10).optColorJitter(0.2, 0.2, 0.2).build();

    private static Batches.Builder training(int threads, long seed) {
        return Batches.builder().setDataset(DATA, "train").setBatchSize(4).setInputSize(32, 40)
                .optShuffle(true).optThreads(threads).optAugment(AUGMENT).optSeed(seed);
    }

    private static List<Batch> all(BatchSource source, int epoch) {
        List<Batch> batches = new ArrayList<>();
        try (BatchSource.EpochBatches it = source.epoch(epoch)) {
            it.forEachRemaining(batches::add);
        }
        return batches;
    }

    @Test
    void sameSeedGivesTheSameBatchesWhateverTheThreads() {
        List<Batch> a = all(training(2, 5).build(), 1);
        List<Batch> b = all(training(2, 5).build(), 1);
        List<Batch> serial = all(training(0, 5).build(), 1);
        List<Batch> many = all(training(3, 5).optPrefetch(4).build(), 1);
        assertEquals(6, a.size());
        for (List<Batch> other : List.of(b, serial, many)) {
            assertEquals(a.size(), other.size());
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i).ids(), other.get(i).ids());
                assertArrayEquals(a.get(i).images(), other.get(i).images());
                assertArrayEquals(a.get(i).targets(), other.get(i).targets());
                assertArrayEquals(a.get(i).masks(), other.get(i).masks());
            }
        }
        List<Batch> nextEpoch = all(training(2, 5).build(), 2);
        assertNotEquals(ids(a), ids(nextEpoch), "epochs 1 and 2 in the same order");
        List<Batch> otherSeed = all(training(2, 6).build(), 1);
        assertNotEquals(ids(a), ids(otherSeed));
    }

    @Test
    void everySampleExactlyOncePerEpoch() {
        Batches source = training(2, 1).build();
        for (int epoch = 0; epoch < 3; epoch++) {
            List<String> seen = ids(all(source, epoch));
            assertEquals(22, seen.size());
            assertEquals(new HashSet<>(DATA.ids("train")), new HashSet<>(seen));
        }
        assertEquals(6, source.batchesPerEpoch());
        assertEquals(2, all(source, 0).get(5).size(), "the last batch keeps the remainder");

        Batches dropping = training(2, 1).optDropLast(true).build();
        List<Batch> batches = all(dropping, 0);
        assertEquals(5, batches.size());
        assertEquals(20, dropping.samples());
        List<String> seen = ids(batches);
        assertEquals(20, new HashSet<>(seen).size());
        assertTrue(batches.stream().allMatch(b -> b.size() == 4));
    }

    @Test
    void withoutAugmentationBatchesAreTheResizedSamplesInOrder() {
        Batches plain = Batches.builder().setDataset(DATA, "train").setBatchSize(5).setInputSize(24, 24)
                .optKeepAspect(true).build();
        List<Batch> batches = all(plain, 0);
        assertEquals(DATA.ids("train"), ids(batches));
        Batch first = batches.get(0);
        Sample s = DATA.load("train", first.ids().get(1));
        ImageWithMask resized = Resize.apply(s.image(), s.mask(), 24, 24, true);
        int plane = 24 * 24;
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                assertEquals((resized.image().pixels()[p * 3 + c] & 0xFF) / 255f, first.images()[(3 + c) * plane + p]);
            }
            assertEquals(resized.mask().values()[p], first.masks()[plane + p]);
        }
        assertArrayEquals(s.targets(), Arrays.copyOfRange(first.targets(), 20, 40));

        Batches test = Batches.builder().setDataset(DATA, "test").setBatchSize(2).setInputSize(24, 24).build();
        for (Batch b : all(test, 0)) {
            assertNull(b.targets(), "test images have no labels");
            assertNull(b.masks(), "test images have no masks");
        }
    }

    @Test
    void aWorkerFailureNamesTheSampleAndStopsTheThreads() throws Exception {
        Dataset broken = new Dataset() {
            @Override
            public Layout layout() {
                return DATA.layout();
            }

            @Override
            public Path root() {
                return DATA.root();
            }

            @Override
            public List<String> splits() {
                return DATA.splits();
            }

            @Override
            public String defaultSplit() {
                return DATA.defaultSplit();
            }

            @Override
            public List<String> ids(String split) {
                return DATA.ids(split);
            }

            @Override
            public Label[] labels(String split, String id) {
                return DATA.labels(split, id);
            }

            @Override
            public boolean hasMask(String split, String id) {
                return DATA.hasMask(split, id);
            }

            @Override
            public Sample load(String split, String id) {
                if (id.equals("13")) {
                    throw new InvalidDataException(Path.of("train", "img", "train_13.npy"), "file ends after 40 of 6912 bytes");
                }
                if (id.equals("17")) {
                    throw new NullPointerException("boom");
                }
                return DATA.load(split, id);
            }
        };
        Batches source = Batches.builder().setDataset(broken, "train").setBatchSize(4).setInputSize(16, 16)
                .optThreads(2).build();
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> all(source, 0));
        assertTrue(e.getMessage().contains("sample '13'"), e.getMessage());
        assertTrue(e.getMessage().contains("train_13.npy: sample '13': file ends after 40"), e.getMessage());

        Batches other = Batches.builder().setDataset(broken, "train", List.of("1", "17", "2")).setBatchSize(2).setInputSize(16, 16)
                .optThreads(2).build();
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> all(other, 0));
        assertTrue(s.getMessage().contains("sample '17'") && s.getMessage().contains("boom"), s.getMessage());

        // the failed epochs closed their pools, and closing an epoch early stops its workers too
        try (BatchSource.EpochBatches it = training(2, 3).build().epoch(0)) {
            it.next();
        }
        Thread.sleep(50);
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().startsWith("vocvision-batches-")), "worker threads still alive");
    }

    @Test
    void invalidOptionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> training(2, 1).setBatchSize(0).build());
        assertThrows(IllegalArgumentException.class, () -> training(2, 1).setBatchSize(30).optDropLast(true).build());
        assertThrows(IllegalArgumentException.class, () -> training(-1, 1).build());
        assertThrows(IllegalArgumentException.class, () -> Batches.builder().setDataset(DATA, "train", List.of()).build());
        InMemoryDataset empty = new InMemoryDataset(Layout.VOC, Path.of("x"), Map.of("a", List.of()));
        assertThrows(IllegalArgumentException.class, () -> empty.ids("b"));
    }

    private static List<String> ids(List<Batch> batches) {
        return batches.stream().flatMap(b -> b.ids().stream()).toList();
    }
}
