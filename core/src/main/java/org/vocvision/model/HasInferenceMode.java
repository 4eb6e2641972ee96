package org.vocvision.model;

/**
 * A layer that behaves differently in training (batch norm's batch statistics, drop path) and can be held
 * in inference mode while the rest of the model trains: torch's {@code module.eval()} on a sub-module.
 * {@link Modules#setInference} switches every such layer under a block, as a frozen backbone needs.
 */
public interface HasInferenceMode {

    /** While on, the layer forwards as at inference even in a training forward. */
    void setInference(boolean on);
}
