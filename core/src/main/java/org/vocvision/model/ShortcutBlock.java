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
 * MobileNet's inverted residuals: layers in one named child (the name is the weight files'), plus the
 * identity shortcut when the layers keep the input's shape.
 */
abstract class ShortcutBlock extends AbstractBlock {

    private final Block layers;
    private final boolean residual;

    ShortcutBlock(String name, Block layers, boolean residual) {
        this.layers = addChildBlock(name, layers);
        this.residual = residual;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray y = layers.forward(ps, inputs, training).head();
        return new NDList(residual ? y.add(inputs.head()) : y);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        layers.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return layers.getOutputShapes(inputShapes);
    }
}
