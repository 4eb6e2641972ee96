package org.vocvision.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Batch norm over the channels of NCHW input (torch's {@code BatchNorm2d}) that can be
 * held in inference mode while the rest of the model trains: torch's {@code module.eval()} on one
 * sub-module, which a frozen backbone needs so its batch norm keeps its pretrained statistics (Keras's
 * {@code training=False} on a frozen base). DJL's {@code BatchNorm} only follows the forward's
 * {@code training} flag and cannot be subclassed outside its package; this computes the same op.
 * Parameter names are DJL's (gamma, beta, runningMean, runningVar), which {@link StateDict} maps to torch's.
 */
public final class BatchNorm2d extends AbstractBlock implements HasInferenceMode {


    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;
    private final float epsilon;
    /** DJL counts momentum the other way from torch: the weight of the old running value. */
    private final float djlMomentum;
    private boolean inference;

    /** torch's defaults: eps 1e-5, momentum 0.1. */
    public BatchNorm2d() {
        this(1e-5f, 0.1f);
    }

    /** With torch's {@code eps} and {@code momentum} (the weight of the batch's statistics). */
    public BatchNorm2d(float epsilon, float torchMomentum) {
        this.epsilon = epsilon;
        this.djlMomentum = 1 - torchMomentum;
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
        runningMean = addParameter(Parameter.builder().setName("runningMean").setType(Parameter.Type.RUNNING_MEAN)
                .optRequiresGrad(false).build());
        runningVar = addParameter(Parameter.builder().setName("runningVar").setType(Parameter.Type.RUNNING_VAR)
                .optRequiresGrad(false).build());
    }

    /** While on, this forwards with its running statistics and leaves them as they are, even in training. */
    @Override
    public void setInference(boolean on) {
        inference = on;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        boolean train = training && !inference;
        return BatchNorm.batchNorm(x, ps.getValue(runningMean, x.getDevice(), train),
                ps.getValue(runningVar, x.getDevice(), train), ps.getValue(gamma, x.getDevice(), train),
                ps.getValue(beta, x.getDevice(), train), 1, djlMomentum, epsilon, train);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        Shape channels = new Shape(inputShapes[0].get(1));
        gamma.setShape(channels);
        beta.setShape(channels);
        runningMean.setShape(channels);
        runningVar.setShape(channels);
    }
}
