package org.vocvision.model;

import ai.djl.nn.Block;

/**
 * What {@link Zoo#create} returns: {@link Normalize} in front of a network, so the model takes [0, 1]
 * pixels. {@link #network()} is the raw network (already-normalised input), into which weights load.
 * The two run in order under the names {@code normalize} and {@code network}, as a {@link NamedSequential}.
 */
public final class NormalizedModel extends NamedSequential {

    private final Block network;

    public NormalizedModel(Normalize normalize, Block network) {
        add("normalize", normalize);
        add("network", network);
        this.network = network;
    }

    /** The network without normalisation; its parameters carry the torchvision/timm names. */
    public Block network() {
        return network;
    }

    /** The raw network of a Zoo model, or the block itself when it is not wrapped. */
    public static Block unwrap(Block block) {
        return block instanceof NormalizedModel m ? m.network : block;
    }
}
