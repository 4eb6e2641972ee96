package org.vocvision.model;

import ai.djl.nn.Block;
import java.util.List;

/**
 * A model with a pretrained feature extractor, so transfer learning can train the head first and then
 * unfreeze the backbone in stages (Keras's "freeze, then fine-tune"; torchvision's references freeze
 * by parameter-name prefix). Every parameter outside {@link #backboneBlocks()} belongs to the head.
 * A newcomer adding a backbone implements these three methods.
 */
public interface HasBackbone {

    /** The blocks of the feature extractor, in forward order. */
    List<Block> backboneBlocks();

    /** The backbone's last stage (ResNet's layer4, VGG's conv5 block): what unfreezes first. */
    List<Block> lastBackboneBlocks();

    /**
     * While on, the backbone forwards in inference mode even when the model trains, so a frozen
     * backbone's batch norm keeps its pretrained statistics (Keras sets {@code training=False} on a
     * frozen base model for the same reason).
     */
    void setBackboneInference(boolean on);
}
