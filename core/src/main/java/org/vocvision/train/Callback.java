package org.vocvision.train;

import org.vocvision.run.EpochResult;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * Training behaviour hooked into {@link Fit}, one purpose per class, named as Keras names them
 * ({@code keras/src/callbacks/}). Callbacks run in the order they were added; checkpoints they
 * request are written after ALL callbacks have seen the epoch, so a checkpoint holds every
 * callback's state after that epoch.
 */
public interface Callback {

    /** Before the first epoch (also after a resume). */
    default void onTrainBegin(FitControl control) throws IOException {}

    /** After each epoch's validation. */
    default void onEpochEnd(EpochResult epoch, FitControl control) throws IOException {}

    /** After the last epoch or an early stop. */
    default void onTrainEnd(FitControl control) throws IOException {}

    /** State needed for an exact resume, saved in checkpoints; null when stateless. */
    default JsonNode state() {
        return null;
    }

    /** Restores what {@link #state()} returned. */
    default void restore(JsonNode state) {}
}
