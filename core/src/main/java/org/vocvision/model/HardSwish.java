package org.vocvision.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;

/**
 * MobileNetV3's hard activations (Howard et al. 2019, Sec. 5.2), torch's {@code nn.Hardswish} and
 * {@code nn.Hardsigmoid}: {@code hardsigmoid(x) = relu6(x + 3) / 6}, {@code hardswish(x) = x * hardsigmoid(x)}.
 * The constants 3 and 6 are arrays of the input's manager, so they live until the step's manager closes:
 * a Java-number operand is freed before backward reads it (docs/DJL-NOTES.md, the Java-number trap); the
 * clamp's bounds are scalars of the kernel itself and are safe.
 */
final class HardSwish {

    private HardSwish() {}

    static NDArray hardSigmoid(NDArray x) {
        NDArray three = x.getManager().create(3f).toType(x.getDataType(), false);
        NDArray six = x.getManager().create(6f).toType(x.getDataType(), false);
        return x.add(three).clip(0, 6).div(six);
    }

    static NDArray hardSwish(NDArray x) {
        return x.mul(hardSigmoid(x));
    }

    /** {@code nn.Hardswish()}: a parameter-free layer that occupies its index in an {@code nn.Sequential}. */
    static Block block() {
        return LambdaBlock.singleton(HardSwish::hardSwish, "hardswish");
    }
}
