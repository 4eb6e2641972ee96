package org.vocvision.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;
import org.vocvision.data.VocClasses;

/**
 * Soft multi-class Dice loss over softmax probabilities (Milletari et al., V-Net, 2016), void
 * pixels (255) excluded: per class c over the whole batch,
 * {@code dice_c = (2 sum(p_c y_c) + smooth) / (sum(p_c + y_c) + smooth)}, loss = 1 - mean_c dice_c.
 * The smoothing term keeps classes absent from both prediction and labels at dice 1.
 */
public final class DiceLoss extends Loss {

    private final float smooth;

    public DiceLoss(float smooth) {
        super("DiceLoss");
        if (smooth < 0) {
            throw new IllegalArgumentException("dice smoothing must be >= 0, got " + smooth);
        }
        this.smooth = smooth;
    }

    /** Smoothing 1, the common choice for batch-level soft Dice. */
    public DiceLoss() {
        this(1f);
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        NDArray logits = predictions.singletonOrThrow();
        int classes = (int) logits.getShape().get(1);
        NDArray label = labels.singletonOrThrow().toType(DataType.INT64, false);
        NDArray validMask = label.neq(VocClasses.VOID);
        NDArray safe = label.mul(validMask.toType(DataType.INT64, false));
        NDArray valid = validMask.toType(logits.getDataType(), false).expandDims(1); // N,1,H,W
        NDArray oneHot = safe.oneHot(classes, logits.getDataType()).transpose(0, 3, 1, 2).mul(valid);
        NDArray p = logits.softmax(1).mul(valid);
        int[] axes = {0, 2, 3};
        NDArray intersection = p.mul(oneHot).sum(axes);
        NDArray cardinality = p.add(oneHot).sum(axes);
        // 2 * intersection as a sum: a Java-number operand is unsafe on a gradient path (docs/ENGINE-NOTES.md)
        NDArray dice = intersection.add(intersection).add(smooth).div(cardinality.add(smooth));
        return dice.mean().neg().add(1);
    }
}
