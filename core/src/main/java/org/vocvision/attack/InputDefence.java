package org.vocvision.attack;

import ai.djl.ndarray.NDArray;

/**
 * A transform applied to images at prediction time to wash out adversarial perturbations
 * (Guo et al. 2018, "Countering adversarial images using input transformations"; Xu et al. 2018,
 * "Feature squeezing"). Input and output are (N,3,H,W) float32 in [0,1], output in the input's manager.
 */
public interface InputDefence {

    NDArray apply(NDArray images);

    /** A short name for reports, e.g. {@code "jpeg75"}. */
    String name();

    /** Refuses a defence's whole-number {@code setting} outside [min, max], naming it. */
    static void requireWithin(String setting, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(setting + " must be " + min + ".." + max + ", got " + value);
        }
    }

    /**
     * A defence from its command-line words: {@code jpeg:Q} (re-encode at quality Q), {@code bits:B}
     * (B bits per channel) or {@code median:K} (K x K median filter); null for none.
     */
    static InputDefence parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return null;
        }
        String[] parts = spec.trim().toLowerCase(java.util.Locale.ROOT).split(":");
        if (parts.length != 2) {
            throw new IllegalArgumentException("defence '" + spec + "' must be NAME:NUMBER, e.g. jpeg:75, bits:4, median:3");
        }
        int n;
        try {
            n = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("defence '" + spec + "': '" + parts[1] + "' is not a whole number");
        }
        return switch (parts[0]) {
            case "jpeg" -> new JpegReencode(n);
            case "bits" -> new BitDepthReduction(n);
            case "median" -> new MedianFilter(n);
            default -> throw new IllegalArgumentException("unknown defence '" + parts[0] + "'; use jpeg, bits or median");
        };
    }
}
