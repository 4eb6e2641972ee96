package org.vocvision.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;

/**
 * An adversarial attack (torchattacks {@code attack.py}): takes a model, images in [0,1] pixel space
 * (normalisation is part of the model) and a goal, and returns adversarial images in [0,1] in the
 * images' manager. The model's weights never change.
 */
public interface Attack {

    /** Adversarial versions of {@code images}, (N,3,H,W) float32 in [0,1]. */
    NDArray perturb(Block model, NDArray images, Goal goal);

    /** A short name for reports, e.g. {@code "pgd"}. */
    String name();
}
