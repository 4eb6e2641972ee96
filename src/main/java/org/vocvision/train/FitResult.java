package org.vocvision.train;

import org.vocvision.run.EpochResult;
import java.util.List;

/** What {@link Fit#fit} returns: the full history (including epochs before a resume) and why it ended. */
public record FitResult(List<EpochResult> history, boolean stoppedEarly) {

    public FitResult {
        history = List.copyOf(history);
    }

    /** The last epoch's result. */
    public EpochResult last() {
        return history.get(history.size() - 1);
    }
}
