package org.vocvision.data;

/**
 * The surface patterns of the synthetic classes: a blend weight in [0, 1] between an object's two
 * colours at the point (u, v) of its own frame ([-1, 1] across the object), so the pattern turns
 * and scales with the object.
 */
enum Texture {
    STRIPES {
        @Override
        double at(double u, double v, double frequency, double phase) {
            return square(frequency * 0.5 * (u + 0.35 * v) + phase);
        }
    },
    CHECKER {
        @Override
        double at(double u, double v, double frequency, double phase) {
            long cell = (long) Math.floor(frequency * 0.5 * (u + 2) + phase) + (long) Math.floor(frequency * 0.5 * (v + 2));
            return (cell & 1) == 0 ? 1 : 0;
        }
    },
    DOTS {
        @Override
        double at(double u, double v, double frequency, double phase) {
            double x = frequency * 0.6 * (u + 2) + phase;
            double y = frequency * 0.6 * (v + 2);
            double dx = x - Math.floor(x) - 0.5;
            double dy = y - Math.floor(y) - 0.5;
            return dx * dx + dy * dy <= 0.09 ? 0 : 1;
        }
    },
    NOISE {
        @Override
        double at(double u, double v, double frequency, double phase) {
            return valueNoise(frequency * 1.5 * (u + 2), frequency * 1.5 * (v + 2), (long) (phase * 1e6));
        }
    },
    GRADIENT {
        @Override
        double at(double u, double v, double frequency, double phase) {
            return Math.min(1, Math.max(0, (u + 1) / 2));
        }
    },
    RINGS {
        @Override
        double at(double u, double v, double frequency, double phase) {
            return square(frequency * 0.8 * Math.sqrt(u * u + v * v) + phase);
        }
    };

    /**
     * The blend weight at (u, v).
     *
     * @param frequency pattern cycles across the object (about 2.5 to 4)
     * @param phase a per-object offset in [0, 1)
     */
    abstract double at(double u, double v, double frequency, double phase);

    private static double square(double x) {
        return x - Math.floor(x) < 0.5 ? 1 : 0;
    }

    /** Smoothly interpolated lattice noise in [0, 1] (Perlin 1985's value-noise variant). */
    static double valueNoise(double x, double y, long seed) {
        long ix = (long) Math.floor(x);
        long iy = (long) Math.floor(y);
        double fx = smooth(x - ix);
        double fy = smooth(y - iy);
        double a = lattice(ix, iy, seed);
        double b = lattice(ix + 1, iy, seed);
        double c = lattice(ix, iy + 1, seed);
        double d = lattice(ix + 1, iy + 1, seed);
        return (a + (b - a) * fx) * (1 - fy) + (c + (d - c) * fx) * fy;
    }

    private static double smooth(double t) {
        return t * t * (3 - 2 * t);
    }

    private static double lattice(long x, long y, long seed) {
        return (Seeds.mix(seed, x, y) >>> 11) * 0x1.0p-53;
    }
}
