package org.vocvision.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * What {@link Zoo#create} returns: {@link Normalize} in front of a network, so the model takes [0, 1]
 * pixels. {@link #network()} is the raw network (already-normalised input), into which weights load.
 */
public final class NormalizedModel extends AbstractBlock {

    private final Block normalize;
    private final Block network;

    public NormalizedModel(Normalize normalize, Block network) {
        this.normalize = addChildBlock("normalize", normalize);
        this.network = addChildBlock("network", network);
    }

    /** The network without normalisation; its parameters carry the torchvision/timm names. */
    public Block network() {
        return network;
    }

    /** The raw network of a Zoo model, or the block itself when it is not wrapped. */
    public static Block unwrap(Block block) {
        return block instanceof NormalizedModel m ? m.network : block;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return network.forward(ps, normalize.forward(ps, inputs, training), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        normalize.initialize(manager, dataType, inputShapes);
        network.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return network.getOutputShapes(inputShapes);
    }
}
