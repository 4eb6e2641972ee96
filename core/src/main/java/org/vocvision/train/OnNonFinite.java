package org.vocvision.train;

import java.util.Locale;

/**
 * What {@link Fit} does with a step whose loss or gradient is NaN or infinite ({@code --on-nonfinite}).
 * Either way the step never reaches the parameters: an optimiser step on a NaN gradient makes every later
 * step NaN too.
 */
public enum OnNonFinite {
    /** End the run with an exception naming the epoch and step; the checkpoints written before stay as they are. */
    STOP,
    /** Leave parameters, optimiser state and batch-norm statistics as before the step, count it and go on. */
    SKIP;

    /** "stop" or "skip", as config.json and the command line write it. */
    public static OnNonFinite of(String name) {
        for (OnNonFinite v : values()) {
            if (v.toString().equals(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("--on-nonfinite must be stop or skip, got " + name);
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
