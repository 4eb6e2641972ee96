package org.vocvision.train;

import org.vocvision.run.EpochResult;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.nio.file.Path;
import java.util.List;

/** What a {@link Callback} may read and change in a running fit. */
public interface FitControl {

    /** The learning rate of the last step. */
    double learningRate();

    /** Sets the learning rate from now on (the schedule's value is scaled to reach it). */
    void setLearningRate(double lr);

    /** Ends training after the current epoch. */
    void stopTraining();

    /** Asks for a checkpoint named {@code name} (e.g. "best", "last") once all callbacks ran. */
    void requestCheckpoint(String name);

    /** The run directory, or null when the fit writes nothing. */
    Path runDir();

    /** The model being trained. */
    Block model();

    /** The manager the model's parameters live in. */
    NDManager manager();

    /** The history so far, including the epoch just finished. */
    List<EpochResult> history();
}
