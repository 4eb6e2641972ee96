package org.vocvision.bench;

import java.util.Arrays;
import java.util.function.LongSupplier;

/** Warm-up steps, then the median of timed steps: robust to the odd slow step (GC, page faults). */
public final class StepTimer {

    private final int warmup;
    private final int iterations;
    private final LongSupplier nanoClock;

    /** Timed with {@link System#nanoTime()}. */
    public StepTimer(int warmup, int iterations) {
        this(warmup, iterations, System::nanoTime);
    }

    StepTimer(int warmup, int iterations, LongSupplier nanoClock) {
        if (warmup < 0 || iterations < 1) {
            throw new IllegalArgumentException("need warmup >= 0 and iterations >= 1, got " + warmup + ", " + iterations);
        }
        this.warmup = warmup;
        this.iterations = iterations;
        this.nanoClock = nanoClock;
    }

    /** The median seconds of one {@code step}. */
    public double medianSeconds(Runnable step) {
        for (int i = 0; i < warmup; i++) {
            step.run();
        }
        double[] seconds = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long start = nanoClock.getAsLong();
            step.run();
            seconds[i] = (nanoClock.getAsLong() - start) / 1e9;
        }
        return median(seconds);
    }

    /** Python's statistics.median: the middle value, or the mean of the two middle ones. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
