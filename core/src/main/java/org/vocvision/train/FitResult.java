package org.vocvision.train;

import org.vocvision.run.EpochResult;
import java.util.List;

/**
 * What {@link Fit#fit} returns: the full history (including epochs before a resume), why it ended, and how
 * many steps {@link OnNonFinite#SKIP} skipped in this fit (a resumed run counts from its resume).
 */
public record FitResult(List<EpochResult> history, boolean stoppedEarly, long skippedSteps) {

    public FitResult {
        history = List.copyOf(history);
    }

    /** The last epoch's result. */
    public EpochResult last() {
        return history.get(history.size() - 1);
    }
}
