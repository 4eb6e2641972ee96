package org.vocvision.attack;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.vocvision.engine.Gradients;

/**
 * The gradient of a {@link Goal}'s objective with respect to the input images, the model in inference mode
 * (batch norm on running statistics, dropout off) and its weights untouched (../shared/DJL-NOTES.md).
 */
public final class InputGradient {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(InputGradient.class);

    private static final Object COLLECTOR = new Object();

    private InputGradient() {}

    /** d objective / d images, in the images' manager. */
    static NDArray of(Block model, NDArray images, Goal goal) {
        return of(model, images, goal, Double.NaN);
    }

    /** As {@link #of(Block, NDArray, Goal)} with SegPGD weighting (see {@link Goal#objective}). */
    static NDArray of(Block model, NDArray images, Goal goal, double segPgdLambda) {
        NDManager home = images.getManager();
        try (NDManager scope = home.newSubManager()) {
            // the goal's arrays join this scope for the call, so intermediates made from them die with it
            java.util.Set<NDArray> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            distinct.addAll(goal.arrays());
            distinct.forEach(a -> a.tempAttach(scope));
            NDArray x = images.duplicate();
            x.attach(scope);
            NDArray gradient;
            // DJL allows one open GradientCollector per JVM: threads attacking side by side (Spark tasks of one
            // executor) take turns for the gradient pass
            synchronized (COLLECTOR) {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    x.setRequiresGradient(true);
                    NDArray logits = forward(model, x);
                    collector.backward(goal.objective(logits, segPgdLambda));
                    gradient = x.getGradient().duplicate();
                }
            }
            clearParameterGradients(model);
            gradient = finite(gradient);
            gradient.attach(home);
            return gradient;
        }
    }

    /**
     * Non-finite entries set to 0 (a step of 0 there), with a warning: DJL 0.36 / libtorch 2.7.1 on CPU
     * sometimes returns NaN in convolution gradients (notes/ConvGradientRepro.java.txt), and one NaN
     * would otherwise spread through sign() into every later step.
     */
    static NDArray finite(NDArray gradient) {
        NDArray bad = gradient.isNaN().logicalOr(gradient.isInfinite());
        long count = bad.sum().getLong();
        if (count == 0) {
            return gradient;
        }
        LOG.warn("input gradient had {} non-finite values of {}; set to 0", count, gradient.size());
        gradient.set(bad, 0);
        return gradient;
    }

    /** Logits of the model in inference mode. */
    public static NDArray forward(Block model, NDArray images) {
        ParameterStore store = new ParameterStore(images.getManager(), false);
        return model.forward(store, new NDList(images), false).head();
    }

    /**
     * Backward also fills the model parameters' gradient buffers, and libtorch accumulates them: a
     * training step run after an attack (adversarial training) would otherwise add the attack's
     * gradients to its own. The values of the parameters are never touched.
     */
    static void clearParameterGradients(Block model) {
        for (Pair<String, Parameter> p : model.getParameters()) {
            if (p.getValue().isInitialized()) {
                NDArray array = p.getValue().getArray();
                if (array.hasGradient()) {
                    NDArray g = array.getGradient();
                    Gradients.zero(g);
                    // no g.close(): closing this handle frees the buffer the parameter still points to
                    // (seen as NaN in the next update)
                }
            }
        }
    }
}
