package org.vocvision.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.vocvision.data.Batch;
import org.vocvision.data.BatchSource;

/**
 * In-memory images whose labels are a simple function of colour: each image is one colour plus
 * noise; class c (c = 0, 1, 2) is present when channel c is bright (0.65-0.95, else 0.05-0.35), the
 * other 17 classes never.
 * Masks mark pixels of red images as class 1 (else background 0), with a void (255) border row.
 * Batches are reshuffled per epoch from (seed, epoch).
 */
final class TinyData implements BatchSource {

    static final int SIZE = 8;
    private final List<float[]> images = new ArrayList<>();
    private final List<float[]> targets = new ArrayList<>();
    private final List<byte[]> masks = new ArrayList<>();
    private final int batchSize;
    private final long seed;

    TinyData(int count, int batchSize, long seed) {
        this.batchSize = batchSize;
        this.seed = seed;
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            float[] colour = new float[3];
            for (int c = 0; c < 3; c++) {
                // clearly dark or clearly bright: a margin around the 0.5 decision
                colour[c] = random.nextBoolean() ? 0.65f + 0.3f * random.nextFloat() : 0.05f + 0.3f * random.nextFloat();
            }
            float[] image = new float[3 * SIZE * SIZE];
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < SIZE * SIZE; p++) {
                    image[c * SIZE * SIZE + p] = Math.min(1f, Math.max(0f, colour[c] + 0.05f * (float) random.nextGaussian()));
                }
            }
            float[] target = new float[20];
            for (int c = 0; c < 3; c++) {
                target[c] = colour[c] > 0.5f ? 1f : 0f;
            }
            byte[] mask = new byte[SIZE * SIZE];
            for (int p = 0; p < mask.length; p++) {
                mask[p] = p < SIZE ? (byte) 255 : (byte) (colour[0] > 0.5f ? 1 : 0);
            }
            images.add(image);
            targets.add(target);
            masks.add(mask);
        }
    }

    @Override
    public int batchesPerEpoch() {
        return (images.size() + batchSize - 1) / batchSize;
    }

    @Override
    public int samples() {
        return images.size();
    }

    @Override
    public EpochBatches epoch(int epoch) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed * 1000 + epoch));
        return new EpochBatches() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < order.size();
            }

            @Override
            public Batch next() {
                int end = Math.min(order.size(), next + batchSize);
                List<String> ids = new ArrayList<>();
                int n = end - next;
                float[] x = new float[n * 3 * SIZE * SIZE];
                float[] t = new float[n * 20];
                byte[] m = new byte[n * SIZE * SIZE];
                for (int j = 0; j < n; j++) {
                    int index = order.get(next + j);
                    ids.add("img" + index);
                    System.arraycopy(images.get(index), 0, x, j * 3 * SIZE * SIZE, 3 * SIZE * SIZE);
                    System.arraycopy(targets.get(index), 0, t, j * 20, 20);
                    System.arraycopy(masks.get(index), 0, m, j * SIZE * SIZE, SIZE * SIZE);
                }
                next = end;
                return new Batch(ids, SIZE, SIZE, x, t, m);
            }

            @Override
            public void close() {}
        };
    }
}
