package org.vocvision.data;

/**
 * Derives independent seeds from a base seed and indices (epoch, position, sample index), so that
 * work done in parallel draws the same random numbers whatever thread runs it.
 */
final class Seeds {

    private Seeds() {}

    /** A well-mixed seed for (base, indices...): SplitMix64's finaliser applied after each part. */
    static long mix(long base, long... parts) {
        long h = finalise(base ^ 0x9E3779B97F4A7C15L);
        for (long p : parts) {
            h = finalise(h + 0x9E3779B97F4A7C15L * (p + 1));
        }
        return h;
    }

    /** {@link #mix(long, long...)} for two parts without an array, for per-pixel use (lattice noise). */
    static long mix(long base, long a, long b) {
        long h = finalise(base ^ 0x9E3779B97F4A7C15L);
        h = finalise(h + 0x9E3779B97F4A7C15L * (a + 1));
        return finalise(h + 0x9E3779B97F4A7C15L * (b + 1));
    }

    // Steele, Lea and Flood 2014 (SplitMix64), the mixer java.util.SplittableRandom uses
    private static long finalise(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
