package org.vocvision.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The learning curves' epoch axis: whole epochs, the first always labelled. */
class LearningCurvesTest {

    @Test
    void epochTicksAreWholeEpochs() {
        // a 0.1 step summed ten times is 1.9999999999999998: the old axis of a 2-epoch run showed only "1"
        assertEquals(List.of(1, 2), LearningCurves.epochTicks(1, 2, 10));
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), LearningCurves.epochTicks(1, 12, 12));
        assertEquals(List.of(1, 2, 4, 6, 8, 10, 12), LearningCurves.epochTicks(1, 12, 10));
        assertEquals(List.of(1, 5, 10, 15, 20, 25, 30), LearningCurves.epochTicks(1, 30, 10));
    }
}
