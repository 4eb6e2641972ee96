package org.vocvision.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * torchvision's {@code lraspp.LRASPPHead} on (high, low) features: {@code cbr} (1x1 conv, BN, ReLU) times
 * {@code scale} (global pool, 1x1 conv, sigmoid) on the high-level map, upsampled bilinearly to the
 * low-level map and classified by {@code high_classifier}, plus {@code low_classifier} on the low-level map.
 */
final class LrAsppHead extends AbstractBlock {

    private final Block cbr;
    private final Block scale;
    private final Block lowClassifier;
    private final Block highClassifier;

    LrAsppHead(int interChannels, int numClasses) {
        cbr = addChildBlock("cbr", new Sequential()
                .add(Conv.noBias(interChannels, 1, 1, 1, 1))
                .add(ConvNormAct.batchNorm())
                .add(Activation.reluBlock()));
        scale = addChildBlock("scale", new Sequential()
                .add(LambdaBlock.singleton(GlobalAveragePool::keepDims, "avgpool"))
                .add(Conv.noBias(interChannels, 1, 1, 1, 1))
                .add(Activation.sigmoidBlock()));
        lowClassifier = addChildBlock("low_classifier", Conv.of(numClasses, 1, 1, 0, 1, 1, true));
        highClassifier = addChildBlock("high_classifier", Conv.of(numClasses, 1, 1, 0, 1, 1, true));
    }

    private static NDArray run(Block b, ParameterStore ps, NDArray x, boolean training) {
        return b.forward(ps, new NDList(x), training).head();
    }

    /** @param inputs the high-level map, then the low-level map */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray high = inputs.get(0);
        NDArray low = inputs.get(1);
        NDArray y = run(cbr, ps, high, training).mul(run(scale, ps, high, training));
        y = Interpolation.bilinearLike(y, low);
        return new NDList(run(lowClassifier, ps, low, training).add(run(highClassifier, ps, y, training)));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape high = inputShapes[0];
        Shape low = inputShapes[1];
        cbr.initialize(manager, dataType, high);
        scale.initialize(manager, dataType, high);
        lowClassifier.initialize(manager, dataType, low);
        long inter = cbr.getOutputShapes(new Shape[] {high})[0].get(1);
        highClassifier.initialize(manager, dataType, new Shape(low.get(0), inter, low.get(2), low.get(3)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return lowClassifier.getOutputShapes(new Shape[] {inputShapes[1]});
    }
}
