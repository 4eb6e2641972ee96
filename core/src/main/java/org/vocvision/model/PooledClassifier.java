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

/**
 * torchvision's MobileNet layout: {@code features}, a global average pool flattened to (N, C), then
 * {@code classifier}; the child names are the state-dict prefixes of torchvision's weights.
 */
abstract class PooledClassifier extends AbstractBlock {

    private final Block features;
    private final Block classifier;

    PooledClassifier(Block features, Block classifier) {
        this.features = addChildBlock("features", features);
        this.classifier = addChildBlock("classifier", classifier);
        TorchvisionInit.apply(this, TorchvisionInit.LINEAR_NORMAL); // mobilenetv2.py and mobilenetv3.py
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray pooled = GlobalAveragePool.keepDims(features.forward(ps, inputs, training).head());
        return classifier.forward(ps, new NDList(pooled.reshape(pooled.getShape().get(0), -1)), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        features.initialize(manager, dataType, inputShapes);
        classifier.initialize(manager, dataType, pooledShape(inputShapes));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return classifier.getOutputShapes(new Shape[] {pooledShape(inputShapes)});
    }

    /** (N, C) of the features' output. */
    private Shape pooledShape(Shape[] inputShapes) {
        Shape f = features.getOutputShapes(inputShapes)[0];
        return new Shape(f.get(0), f.get(1));
    }
}
