package org.vocvision.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

/**
 * Children run in order, each under its own name: torch's {@code nn.Sequential(OrderedDict(...))}, so
 * parameter names read {@code stem.conv.weight} as in timm rather than {@code stem.0.weight}.
 */
class NamedSequential extends AbstractBlock {

    NamedSequential add(String name, Block block) {
        addChildBlock(name, block);
        return this;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList x = inputs;
        for (Pair<String, Block> child : children) {
            x = child.getValue().forward(ps, x, training);
        }
        return x;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shapes = inputShapes;
        for (Pair<String, Block> child : children) {
            child.getValue().initialize(manager, dataType, shapes);
            shapes = child.getValue().getOutputShapes(shapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] shapes = inputShapes;
        for (Pair<String, Block> child : children) {
            shapes = child.getValue().getOutputShapes(shapes);
        }
        return shapes;
    }
}
