package org.vocvision.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.vocvision.train.LrSchedule.Unit;

/** Values worked by hand from the formulas in each schedule's comment. */
class LrScheduleTest {

    @Test
    void cosineWarmsUpLinearlyThenFollowsHalfACosine() {
        LrSchedule s = new LrSchedule.Cosine(0.1, 4, 0.0, Unit.STEP);
        assertEquals(0.025, s.learningRate(0, 14), 1e-12);
        assertEquals(0.05, s.learningRate(1, 14), 1e-12);
        assertEquals(0.1, s.learningRate(3, 14), 1e-12);
        assertEquals(0.1, s.learningRate(4, 14), 1e-12); // cosine start: cos(0) = 1
        // t = 9: progress 5/10, 0.5 * 0.1 * (1 + cos(pi/2)) = 0.05
        assertEquals(0.05, s.learningRate(9, 14), 1e-12);
        // t = 6: progress 0.2, 0.05 * (1 + cos(0.2 pi)) = 0.05 * 1.809017 = 0.0904508
        assertEquals(0.09045084971874737, s.learningRate(6, 14), 1e-12);
        assertEquals(0.0, s.learningRate(14, 14), 1e-12);
        LrSchedule floor = new LrSchedule.Cosine(0.1, 0, 0.01, Unit.EPOCH);
        assertEquals(0.055, floor.learningRate(5, 10), 1e-12);
        assertEquals(Unit.EPOCH, floor.unit());
    }

    /**
     * The recipe's --warmup-epochs as Training schedules it: 2 epochs of 4 steps warm up linearly over 8 steps
     * from lr/8 to lr, then the cosine over the remaining 32 of 40 steps; a run under 3 epochs skips warm-up.
     */
    @Test
    void recipeWarmupEpochsWarmUpStepByStep() {
        Recipe recipe = Recipe.builder("mobilenet_v2").optLr(0.01).optEpochs(10).optWarmupEpochs(2).build();
        LrSchedule s = Training.schedule(recipe, 4);
        for (int t = 0; t < 8; t++) {
            assertEquals(0.01 * (t + 1) / 8, s.learningRate(t, 40), 1e-15, "step " + t);
        }
        assertEquals(0.01, s.learningRate(8, 40), 1e-15);
        // t = 24: progress 16/32, 0.5 * 0.01 * (1 + cos(pi/2)) = 0.005
        assertEquals(0.005, s.learningRate(24, 40), 1e-15);
        LrSchedule none = Training.schedule(Recipe.builder("mobilenet_v2").optLr(0.01).optEpochs(10).optWarmupEpochs(0)
                .build(), 4);
        assertEquals(0.01, none.learningRate(0, 40), 1e-15);
        LrSchedule shortRun = Training.schedule(Recipe.builder("mobilenet_v2").optLr(0.01).optEpochs(2).optWarmupEpochs(2)
                .build(), 4);
        assertEquals(0.01, shortRun.learningRate(0, 8), 1e-15);
    }

    @Test
    void stepMultipliesByGammaEveryStepSize() {
        LrSchedule s = new LrSchedule.Step(0.1, 3, 0.1, Unit.EPOCH);
        assertEquals(0.1, s.learningRate(2, 10), 1e-12);
        assertEquals(0.01, s.learningRate(3, 10), 1e-12);
        assertEquals(0.001, s.learningRate(7, 10), 1e-12);
    }

    @Test
    void polyDecaysToZeroWithPower09() {
        LrSchedule s = new LrSchedule.Poly(0.01);
        assertEquals(0.01, s.learningRate(0, 100), 1e-12);
        // 0.01 * 0.5^0.9 = 0.01 * 0.535887
        assertEquals(0.005358867312681466, s.learningRate(50, 100), 1e-12);
        assertEquals(0.0, s.learningRate(100, 100), 1e-12);
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule.Cosine(0.1, 2, 0.2, Unit.STEP));
        assertThrows(IllegalArgumentException.class, () -> new LrSchedule.Step(0.1, 0, 0.1, Unit.STEP));
    }
}
