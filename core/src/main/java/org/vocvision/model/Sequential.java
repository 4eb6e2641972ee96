package org.vocvision.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.vocvision.engine.Autograd;

/**
 * DJL's {@link SequentialBlock} with torch's memory behaviour at inference: an intermediate is freed as soon
 * as the next layer has used it. DJL keeps every array a forward creates until its manager closes, so a
 * b16 MobileNetV2 forward at 224 px holds all its activations at once (1.2 GiB, where torch needs a few
 * tensors' worth). Outside a gradient collector nothing needs them later; inside one (training, attacks)
 * the forward is DJL's, untouched, since the backward pass reads them.
 */
public class Sequential extends SequentialBlock {

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        if (training || Autograd.isRecording()) {
            return super.forwardInternal(ps, inputs, training, params);
        }
        NDList x = inputs;
        for (Block child : getChildren().values()) {
            NDList y;
            try (NDScope scope = new NDScope()) {
                y = child.forward(ps, x, false, params);
                NDScope.unregister(y);
            }
            if (x != inputs) {
                closeUnlessIn(x, y);
            }
            x = y;
        }
        return x;
    }

    /**
     * Frees the previous layer's outputs that the next one did not pass on (an identity returns its input); a
     * view sharing an output's storage keeps the storage alive, as in torch.
     */
    private static void closeUnlessIn(NDList previous, NDList next) {
        for (NDArray a : previous) {
            boolean passedOn = false;
            for (NDArray b : next) {
                passedOn |= a == b;
            }
            if (!passedOn) {
                a.close();
            }
        }
    }
}
