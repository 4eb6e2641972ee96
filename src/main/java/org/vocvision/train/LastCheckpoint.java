package org.vocvision.train;

/** Writes the checkpoint named "last" after every epoch: what {@code --resume} continues from. */
public final class LastCheckpoint implements Callback {

    /** The checkpoint's name in {@code checkpoints/}. */
    public static final String NAME = "last";

    @Override
    public void onEpochEnd(EpochResult epoch, FitControl control) {
        control.requestCheckpoint(NAME);
    }
}
