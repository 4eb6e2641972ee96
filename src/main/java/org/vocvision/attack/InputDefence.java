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
}
