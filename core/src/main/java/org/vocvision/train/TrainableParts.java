package org.vocvision.train;

import ai.djl.nn.Block;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.vocvision.model.ModelOptions;
import org.vocvision.model.ModelSpec;
import org.vocvision.model.Modules;
import org.vocvision.model.NormalizedModel;
import org.vocvision.model.Zoo;

/**
 * How the loop tells backbone from head for transfer learning. Every parameter of the model that
 * is not in {@code backbone} belongs to the head (classifier, or ASPP + decoder).
 *
 * @param backbone the pretrained feature extractor's blocks (children of the model)
 * @param lastBlock the backbone's last stage (inside {@code backbone}), unfrozen first
 * @param backboneInference switches the backbone's forward to inference mode ({@code training=false})
 *     while the model trains: a frozen backbone must not move its batch-norm statistics
 *     (DJL-NOTES.md), so the model forwards its backbone with {@code training && !inference}
 */
public record TrainableParts(List<Block> backbone, List<Block> lastBlock, Consumer<Boolean> backboneInference) {

    public TrainableParts {
        backbone = List.copyOf(Objects.requireNonNull(backbone, "backbone"));
        lastBlock = List.copyOf(Objects.requireNonNull(lastBlock, "lastBlock"));
        Objects.requireNonNull(backboneInference, "backboneInference");
    }

    /** The parts of a Zoo model (wrapped in its normalisation or not), from its spec's module paths. */
    public static TrainableParts of(Block model, String name, ModelOptions options) {
        ModelSpec spec = Zoo.spec(name);
        if (!spec.hasBackbone()) {
            throw new IllegalArgumentException("model '" + name + "' has no pretrained backbone to freeze;"
                    + " drop --freeze-epochs/--unfreeze or pick a backbone model");
        }
        Block network = NormalizedModel.unwrap(model);
        List<Block> backbone = Modules.findAll(network, spec.backbone());
        List<Block> lastStage = Modules.findAll(network, spec.lastStage().apply(options));
        return new TrainableParts(backbone, lastStage, on -> Modules.setInference(backbone, on));
    }
}
