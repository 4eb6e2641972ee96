package org.vocvision.train;

import ai.djl.ndarray.NDList;
import java.util.List;

/** An optimiser whose whole state is per-parameter slots (moments, step counts), saved and restored as they are. */
abstract class SlotOptimizer implements Optimizer {

    final OptimizerState state = new OptimizerState();

    @Override
    public NDList state() {
        return state.toList();
    }

    @Override
    public void loadState(NDList saved, List<TrainableParameter> parameters) {
        state.load(saved, parameters);
    }
}
