package org.vocvision.data;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads, augments and batches samples on worker threads, a bounded number of batches ahead of the
 * training loop (like PyTorch's DataLoader with {@code num_workers} and {@code prefetch_factor}).
 *
 * <p>Results do not depend on scheduling: the epoch's order is shuffled with a seed derived from
 * (seed, epoch), each sample's augmentation draws from its own stream seeded by (seed, epoch,
 * position in the epoch), every sample writes only its own slice of the batch arrays, and batches
 * are delivered in order. The same seed therefore gives the same batches on any number of threads.
 *
 * <p>The defaults suit evaluation: in order, no augmentation (a plain resize), on the calling thread.
 */
public final class Batches implements BatchSource {

    private static final Logger LOG = LoggerFactory.getLogger(Batches.class);
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final Dataset dataset;
    private final String split;
    private final List<String> ids;
    private final int batchSize;
    private final boolean dropLast;
    private final boolean shuffle;
    private final int threads;
    private final int prefetch;
    private final Augment augment;
    private final int height;
    private final int width;
    private final boolean keepAspect;
    private final long seed;

    private Batches(Builder b) {
        this.dataset = b.dataset;
        this.split = b.split;
        this.ids = List.copyOf(b.ids);
        this.batchSize = b.batchSize;
        this.dropLast = b.dropLast;
        this.shuffle = b.shuffle;
        this.threads = b.threads;
        this.prefetch = b.prefetch;
        this.augment = b.augment == null ? null : new Augment(b.augment);
        this.height = b.height;
        this.width = b.width;
        this.keepAspect = b.keepAspect;
        this.seed = b.seed;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int batchesPerEpoch() {
        return dropLast ? ids.size() / batchSize : (ids.size() + batchSize - 1) / batchSize;
    }

    @Override
    public int samples() {
        return dropLast ? batchesPerEpoch() * batchSize : ids.size();
    }

    /** The ids of one epoch in the order they are delivered. */
    public List<String> order(int epoch) {
        List<String> order = new ArrayList<>(ids);
        if (shuffle) {
            // Fisher-Yates with the epoch's own stream
            SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, epoch));
            for (int i = order.size() - 1; i > 0; i--) {
                Collections.swap(order, i, rng.nextInt(i + 1));
            }
        }
        return order.subList(0, samples());
    }

    @Override
    public EpochBatches epoch(int epoch) {
        return new Epoch(epoch, order(epoch));
    }

    /**
     * The batches of epoch 0 as an Iterable: each {@code iterator()} starts the epoch afresh (and closes
     * its workers when exhausted), so a sweep can go over the same images once per eps.
     */
    public Iterable<Batch> iterable() {
        return () -> new java.util.Iterator<>() {
            private final EpochBatches epoch = epoch(0);

            @Override
            public boolean hasNext() {
                boolean more = epoch.hasNext();
                if (!more) {
                    epoch.close();
                }
                return more;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return epoch.next();
            }
        };
    }

    /** One sample loaded, transformed and written into its slot of the batch arrays. */
    private void fill(PendingBatch batch, int slot, int epoch, int position) {
        String id = batch.ids.get(slot);
        try {
            Sample s = dataset.load(split, id);
            ImageWithMask im = augment == null
                    ? Resize.apply(s.image(), s.mask(), height, width, keepAspect)
                    : augment.apply(s.image(), s.mask(), height, width, new SplittableRandom(Seeds.mix(seed, epoch, position)));
            byte[] px = im.image().pixels();
            int plane = height * width;
            int base = slot * 3 * plane;
            for (int p = 0; p < plane; p++) {
                batch.images[base + p] = (px[p * 3] & 0xFF) / 255f;
                batch.images[base + plane + p] = (px[p * 3 + 1] & 0xFF) / 255f;
                batch.images[base + 2 * plane + p] = (px[p * 3 + 2] & 0xFF) / 255f;
            }
            batch.labelled[slot] = Arrays.stream(s.labels()).noneMatch(l -> l == Label.UNKNOWN);
            System.arraycopy(s.targets(), 0, batch.targets, slot * VocClasses.COUNT, VocClasses.COUNT);
            if (im.mask() != null) {
                System.arraycopy(im.mask().values(), 0, batch.masks, slot * plane, plane);
                batch.masked[slot] = true;
            }
        } catch (InvalidDataException e) {
            String prefix = e.file() + ": ";
            String problem = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
            throw new InvalidDataException(e.file(), "sample '" + id + "': " + problem + " (split '" + split + "')", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sample '" + id + "' of split '" + split + "': " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("sample '" + id + "' of split '" + split + "': " + e, e);
        }
    }

    /** A batch being filled: plain arrays every sample writes its own slice of. */
    private final class PendingBatch {
        final List<String> ids;
        final float[] images;
        final float[] targets;
        final byte[] masks;
        final boolean[] labelled;
        final boolean[] masked;
        final List<Future<?>> futures = new ArrayList<>();

        PendingBatch(List<String> ids) {
            this.ids = ids;
            int n = ids.size();
            images = new float[n * 3 * height * width];
            targets = new float[n * VocClasses.COUNT];
            masks = new byte[n * height * width];
            labelled = new boolean[n];
            masked = new boolean[n];
        }

        /** The batch; targets only when every sample is labelled, masks only when every sample has one. */
        Batch toBatch() {
            boolean allLabelled = true;
            boolean allMasked = true;
            for (int i = 0; i < ids.size(); i++) {
                allLabelled &= labelled[i];
                allMasked &= masked[i];
            }
            return new Batch(ids, height, width, images, allLabelled ? targets : null, allMasked ? masks : null);
        }
    }

    /** One epoch's run: submits up to {@code prefetch} batches ahead and hands them out in order. */
    private final class Epoch implements EpochBatches {
        private final int epoch;
        private final List<String> order;
        private final ExecutorService pool;
        private final ArrayDeque<PendingBatch> pending = new ArrayDeque<>();
        private int submitted;
        private int delivered;
        private boolean closed;

        Epoch(int epoch, List<String> order) {
            this.epoch = epoch;
            this.order = order;
            if (threads > 0) {
                String prefix = "vocvision-batches-" + POOLS.incrementAndGet() + "-";
                AtomicInteger count = new AtomicInteger();
                pool = Executors.newFixedThreadPool(threads, r -> {
                    Thread t = new Thread(r, prefix + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
                submitAhead();
            } else {
                pool = null;
            }
        }

        private void submitAhead() {
            while (pending.size() < prefetch && submitted < batchesPerEpoch()) {
                int start = submitted * batchSize;
                PendingBatch batch = new PendingBatch(order.subList(start, Math.min(order.size(), start + batchSize)));
                for (int slot = 0; slot < batch.ids.size(); slot++) {
                    int s = slot;
                    batch.futures.add(pool.submit(() -> fill(batch, s, epoch, start + s)));
                }
                pending.add(batch);
                submitted++;
            }
        }

        @Override
        public boolean hasNext() {
            return !closed && delivered < batchesPerEpoch();
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException(closed ? "epoch " + epoch + " was closed" : "epoch " + epoch + " is over");
            }
            PendingBatch batch;
            if (pool == null) {
                int start = delivered * batchSize;
                batch = new PendingBatch(order.subList(start, Math.min(order.size(), start + batchSize)));
                for (int slot = 0; slot < batch.ids.size(); slot++) {
                    fill(batch, slot, epoch, start + slot);
                }
            } else {
                batch = pending.poll();
                try {
                    for (Future<?> f : batch.futures) {
                        f.get();
                    }
                } catch (ExecutionException e) {
                    close();
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    close();
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for batch " + delivered + " of epoch " + epoch, e);
                }
                submitAhead();
            }
            delivered++;
            if (delivered == batchesPerEpoch()) {
                close();
            }
            return batch.toBatch();
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            if (pool != null) {
                for (PendingBatch b : pending) {
                    b.futures.forEach(f -> f.cancel(true));
                }
                pending.clear();
                pool.shutdownNow();
                try {
                    if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                        LOG.warn("batch workers of epoch {} did not stop within 30 s", epoch);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    public static final class Builder {
        private Dataset dataset;
        private String split;
        private List<String> ids;
        private int batchSize;
        private boolean dropLast;
        private boolean shuffle;
        private int threads;
        private int prefetch = 2;
        private AugmentOptions augment;
        private int height;
        private int width;
        private boolean keepAspect;
        private long seed;

        private Builder() {}

        /** The data set, the split the images belong to and which of its ids to batch. */
        public Builder setDataset(Dataset dataset, String split, List<String> ids) {
            this.dataset = dataset;
            this.split = split;
            this.ids = ids;
            return this;
        }

        /** Every image of one split, in the split's order. */
        public Builder setDataset(Dataset dataset, String split) {
            return setDataset(dataset, split, dataset.ids(split));
        }

        public Builder setBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** The model's input size: every image (and mask) comes out at height x width. */
        public Builder setInputSize(int height, int width) {
            this.height = height;
            this.width = width;
            return this;
        }

        /** Drop the last, incomplete batch; default false. */
        public Builder optDropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** Reshuffle every epoch; default false (data set order). */
        public Builder optShuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /** Worker threads; 0 (the default) prepares each batch on the calling thread when it is asked for. */
        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        /** How many batches the workers may prepare ahead of the consumer; default 2. */
        public Builder optPrefetch(int prefetch) {
            this.prefetch = prefetch;
            return this;
        }

        /** Random augmentation, or {@code null} (the default) for a plain resize to the input size. */
        public Builder optAugment(AugmentOptions augment) {
            this.augment = augment;
            return this;
        }

        /** Without augmentation: letterbox (true) or stretch (false, the default) to the input size. */
        public Builder optKeepAspect(boolean keepAspect) {
            this.keepAspect = keepAspect;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Batches build() {
            if (dataset == null || split == null || ids == null) {
                throw new IllegalArgumentException("a data set, a split and its ids are required");
            }
            if (ids.isEmpty()) {
                throw new IllegalArgumentException(dataset.root() + ": no ids to batch");
            }
            if (batchSize <= 0) {
                throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
            }
            if (dropLast && ids.size() < batchSize) {
                throw new IllegalArgumentException("dropLast with " + ids.size() + " samples and batchSize "
                        + batchSize + " leaves no batch");
            }
            if (height <= 0 || width <= 0) {
                throw new IllegalArgumentException("input size must be positive, got " + height + "x" + width);
            }
            if (threads < 0 || prefetch < 1) {
                throw new IllegalArgumentException("threads must be >= 0 and prefetch >= 1, got " + threads + " and " + prefetch);
            }
            return new Batches(this);
        }
    }
}
