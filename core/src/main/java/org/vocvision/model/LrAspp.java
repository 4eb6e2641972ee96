package org.vocvision.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * Lite R-ASPP (Howard et al. 2019, "Searching for MobileNetV3", Sec. 6.4) as torchvision's
 * {@code lraspp.LRASPP} with {@code LRASPPHead}: on the dilated MobileNetV3-Large features, the high-level
 * map (C5, output stride 16) goes through {@code cbr} (1x1 conv, BN, ReLU) scaled by {@code scale} (global
 * pool, 1x1 conv, sigmoid), is upsampled to the low-level map (C2, stride 8) and classified by
 * {@code high_classifier}; {@code low_classifier} classifies the low-level map; the sum is upsampled to the
 * input. No auxiliary head. 3,221,538 parameters with 21 classes.
 */
public final class LrAspp extends AbstractBlock {

    /** torchvision's {@code inter_channels}. */
    static final int INTER_CHANNELS = 128;

    private final Block backbone;
    private final Block classifier;

    private LrAspp(Block backbone, int interChannels, int numClasses) {
        this.backbone = addChildBlock("backbone", backbone);
        classifier = addChildBlock("classifier", new LrAsppHead(interChannels, numClasses));
    }

    /** torchvision's {@code lraspp_mobilenet_v3_large}: taps at C2 ("low") and C5 ("high"). */
    public static LrAspp mobileNetV3(float width, int numClasses) {
        return mobileNetV3(width, INTER_CHANNELS, numClasses);
    }

    static LrAspp mobileNetV3(float width, int interChannels, int numClasses) {
        MobileNetV3.Features f = MobileNetV3.features(width, true);
        List<Integer> stages = f.stageIndices();
        int high = stages.get(stages.size() - 1);
        int low = stages.get(stages.size() - 4);
        Block features = new Sequential().addAll(f.modules());
        return new LrAspp(new IntermediateLayers(features, Integer.toString(high), Integer.toString(low)),
                interChannels, numClasses);
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDList features = backbone.forward(ps, inputs, training);
        NDArray y = classifier.forward(ps, features, training).head();
        return new NDList(Interpolation.bilinearLike(y, x));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
        classifier.initialize(manager, dataType, backbone.getOutputShapes(inputShapes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = inputShapes[0];
        long classes = classifier.getOutputShapes(backbone.getOutputShapes(inputShapes))[0].get(1);
        return new Shape[] {new Shape(x.get(0), classes, x.get(2), x.get(3))};
    }
}
