package org.vocvision.train;

import org.vocvision.run.EpochResult;

/** Writes the checkpoint named "last" after every epoch: what {@code --resume} continues from. */
public final class LastCheckpoint implements Callback {

    /** The checkpoint's name in {@code checkpoints/}. */
    public static final String NAME = org.vocvision.run.RunDir.LAST;

    @Override
    public void onEpochEnd(EpochResult epoch, FitControl control) {
        control.requestCheckpoint(NAME);
    }
}
