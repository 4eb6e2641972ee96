package org.vocvision.train;

/**
 * The learning rate as a function of progress {@code t} out of {@code total}, both counted in the
 * schedule's {@link Unit}: optimiser steps or epochs. Fit evaluates it before every step.
 */
public interface LrSchedule {

    /** What t counts. */
    enum Unit { STEP, EPOCH }

    /** The learning rate at progress t (0-based) of total. */
    double learningRate(long t, long total);

    /** The counting unit; per step unless a schedule says otherwise. */
    default Unit unit() {
        return Unit.STEP;
    }

    /** A constant learning rate. */
    static LrSchedule constant(double lr) {
        return (t, total) -> lr;
    }

    /**
     * Linear warm-up over {@code warmup} units from {@code base / warmup} to {@code base}, then
     * half a cosine from {@code base} down to {@code minLr} at {@code total} (Loshchilov and
     * Hutter, SGDR, ICLR 2017; warm-up as Goyal et al. 2017).
     */
    record Cosine(double base, long warmup, double minLr, Unit unit) implements LrSchedule {
        public Cosine {
            if (base <= 0 || warmup < 0 || minLr < 0 || minLr > base) {
                throw new IllegalArgumentException("cosine schedule needs base > 0, warmup >= 0, 0 <= minLr <= base, got "
                        + base + ", " + warmup + ", " + minLr);
            }
        }

        @Override
        public double learningRate(long t, long total) {
            if (t < warmup) {
                return base * (t + 1) / warmup;
            }
            long span = Math.max(1, total - warmup);
            double progress = Math.min(1.0, (double) (t - warmup) / span);
            return minLr + 0.5 * (base - minLr) * (1 + Math.cos(Math.PI * progress));
        }
    }

    /** {@code base * gamma^floor(t / stepSize)}, torch's StepLR. */
    record Step(double base, long stepSize, double gamma, Unit unit) implements LrSchedule {
        public Step {
            if (base <= 0 || stepSize <= 0 || gamma <= 0) {
                throw new IllegalArgumentException("step schedule needs base, stepSize and gamma > 0, got "
                        + base + ", " + stepSize + ", " + gamma);
            }
        }

        @Override
        public double learningRate(long t, long total) {
            return base * Math.pow(gamma, Math.floorDiv(t, stepSize));
        }
    }

    /**
     * {@code base * (1 - t / total)^power}, the "poly" policy of DeepLab (Chen et al. 2017,
     * power 0.9), per step in torchvision's segmentation reference.
     */
    record Poly(double base, double power, Unit unit) implements LrSchedule {
        public Poly {
            if (base <= 0 || power <= 0) {
                throw new IllegalArgumentException("poly schedule needs base and power > 0, got " + base + ", " + power);
            }
        }

        /** DeepLab's power 0.9, per step. */
        public Poly(double base) {
            this(base, 0.9, Unit.STEP);
        }

        @Override
        public double learningRate(long t, long total) {
            double remaining = Math.max(0.0, 1.0 - (double) t / Math.max(1, total));
            return base * Math.pow(remaining, power);
        }
    }
}
