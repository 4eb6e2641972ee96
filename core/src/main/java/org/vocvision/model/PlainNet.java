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
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The top-level layout torchvision's AlexNet and VGG share ({@code alexnet.py}, {@code vgg.py}):
 * {@code features} (a conv stack), {@code avgpool}, flatten, {@code classifier}. The head kind decides
 * the pooling and classifier; the features are the architecture's.
 */
final class PlainNet extends AbstractBlock {

    private final Block features;
    private final Block avgpool;
    private final Block classifier;

    /**
     * @param standardPool the architecture's adaptive pool size (6 for AlexNet, 7 for VGG)
     * @param standardClassifier the architecture's own classifier, used for {@link HeadKind#STANDARD}
     */
    PlainNet(SequentialBlock features, int standardPool, SequentialBlock standardClassifier,
            HeadKind head, int numClasses, float dropout) {
        this.features = addChildBlock("features", features);
        switch (head) {
            case STANDARD -> {
                avgpool = addChildBlock("avgpool", new AdaptiveAvgPool(standardPool, standardPool));
                classifier = addChildBlock("classifier", standardClassifier);
            }
            case POOLED -> {
                avgpool = addChildBlock("avgpool", LambdaBlock.singleton(GlobalAveragePool::keepDims, "gap"));
                classifier = addChildBlock("classifier", new Sequential()
                        .add(Dropout.builder().optRate(dropout).build())
                        .add(Linear.builder().setUnits(numClasses).build()));
            }
            case DENSE -> {
                avgpool = null;
                classifier = addChildBlock("classifier", new Sequential()
                        .add(Linear.builder().setUnits(512).build())
                        .add(Activation.reluBlock())
                        .add(Dropout.builder().optRate(dropout).build())
                        .add(Linear.builder().setUnits(numClasses).build()));
            }
            default -> throw new IllegalArgumentException("unknown head " + head);
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = features.forward(ps, inputs, training).head();
        if (avgpool != null) {
            x = avgpool.forward(ps, new NDList(x), training).head();
        }
        return classifier.forward(ps, new NDList(x.reshape(x.getShape().get(0), -1)), training);
    }

    private Shape flatPooled(Shape[] inputShapes) {
        Shape f = features.getOutputShapes(inputShapes)[0];
        if (avgpool != null) {
            f = avgpool.getOutputShapes(new Shape[] {f})[0];
        }
        return new Shape(f.get(0), f.size() / f.get(0));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        features.initialize(manager, dataType, inputShapes);
        if (avgpool != null) {
            avgpool.initialize(manager, dataType, features.getOutputShapes(inputShapes));
        }
        classifier.initialize(manager, dataType, flatPooled(inputShapes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return classifier.getOutputShapes(new Shape[] {flatPooled(inputShapes)});
    }
}
