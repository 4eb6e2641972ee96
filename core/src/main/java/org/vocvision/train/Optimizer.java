package org.vocvision.train;

import ai.djl.ndarray.NDList;
import java.util.List;

/**
 * One optimisation step over parameters whose gradients are filled. Our own rather than DJL's
 * optimisers because those decay every parameter (we skip norms and biases) and have no
 * per-parameter learning-rate multiplier; the update formulas follow torch.optim exactly.
 */
public interface Optimizer {

    /** Updates every parameter in place from its gradient at the given base learning rate. */
    void step(List<TrainableParameter> parameters, double learningRate);

    /** The optimiser's state (moments, step counts) as named arrays, for exact resume. */
    NDList state();

    /** Restores what {@link #state()} returned; arrays are copied onto the parameters' managers. */
    void loadState(NDList state, List<TrainableParameter> parameters);
}
