package org.vocvision.data;

/** Where a training loop gets its batches: one pass over the data per epoch, reshuffled by epoch. */
public interface BatchSource {

    /** Batches per epoch. */
    int batchesPerEpoch();

    /** Number of samples per epoch. */
    int samples();

    /** The batches of one epoch, in a deterministic order for (seed, epoch); close it to stop its threads. */
    EpochBatches epoch(int epoch);

    /** An epoch's batches: iterate, then close. */
    interface EpochBatches extends java.util.Iterator<Batch>, AutoCloseable {
        @Override
        void close();
    }
}
