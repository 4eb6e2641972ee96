package org.vocvision.train;

import ai.djl.nn.Block;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How the loop tells backbone from head for transfer learning. Every parameter of the model that
 * is not in {@code backbone} belongs to the head (classifier, or ASPP + decoder).
 *
 * @param backbone the pretrained feature extractor (a child block of the model)
 * @param lastBlock the backbone's last stage (a child of {@code backbone}), unfrozen first
 * @param backboneInference switches the backbone's forward to inference mode ({@code training=false})
 *     while the model trains: a frozen backbone must not move its batch-norm statistics
 *     (DJL-NOTES.md), so the model forwards its backbone with {@code training && !inference}
 */
public record TrainableParts(Block backbone, Block lastBlock, Consumer<Boolean> backboneInference) {

    public TrainableParts {
        Objects.requireNonNull(backbone, "backbone");
        Objects.requireNonNull(lastBlock, "lastBlock");
        Objects.requireNonNull(backboneInference, "backboneInference");
    }
}
