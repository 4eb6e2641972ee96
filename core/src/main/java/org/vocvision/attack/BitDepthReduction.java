package org.vocvision.attack;

import ai.djl.ndarray.NDArray;

/** Rounds every pixel to {@code bits} bits, 2^bits levels over [0,1] (feature squeezing, Xu et al. 2018). */
public record BitDepthReduction(int bits) implements InputDefence {

    public BitDepthReduction {
        InputDefence.requireWithin("bit depth", bits, 1, 8);
    }

    @Override
    public NDArray apply(NDArray images) {
        float levels = (1 << bits) - 1;
        return images.mul(levels).round().div(levels);
    }

    @Override
    public String name() {
        return "bits" + bits;
    }
}
