package org.vocvision.attack;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * What an attack tries to achieve on a batch: the objective every attack ascends and the rule that
 * says, per image, whether it succeeded. Untargeted goals push the model away from the truth; targeted
 * goals pull it towards a chosen output. A task makes its goals ({@link LabelGoal} for multi-label
 * classification, {@link MaskGoal} for segmentation), so no attack needs to know the task.
 */
public interface Goal {

    /**
     * The value to ascend: the loss to the truth for untargeted goals, minus the loss to the target for
     * targeted ones.
     *
     * @param segPgdLambda NaN for the plain mean over pixels; otherwise SegPGD's lambda (Gu et al. 2022,
     *     eq. 6): pixels still to fool weigh (1 - lambda), pixels already fooled weigh lambda. Goals
     *     without pixels ignore it.
     */
    NDArray objective(NDArray logits, double segPgdLambda);

    /**
     * Per image, how far the attack reached the goal, in [0,1], or NaN when the image cannot count (a
     * success rate is the mean over the images that count).
     */
    double[] success(NDArray cleanLogits, NDArray adversarialLogits);

    /** The arrays this goal holds (so a computation can scope them). */
    List<NDArray> arrays();

    /** Mean of the values that are not NaN; NaN when none. */
    static double rate(double[] perImage) {
        double sum = 0;
        int count = 0;
        for (double v : perImage) {
            if (!Double.isNaN(v)) {
                sum += v;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }
}
