package org.vocvision.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vocvision.model.ModelOptions;
import org.vocvision.model.ModelSpec;
import org.vocvision.model.Modules;
import org.vocvision.model.NormalizedModel;
import org.vocvision.model.Zoo;

/**
 * Layer-wise learning-rate decay, as BEiT (Bao et al., ICLR 2022, {@code optim_factory.LayerDecayValueAssigner})
 * and ConvNeXt's fine-tuning (Liu et al., CVPR 2022): the head learns at the schedule's rate, the backbone's
 * last layer at {@code decay} times it, the one before at {@code decay^2}, and so on down to the stem, so
 * the generic early features a pretrained network brings move least.
 *
 * <p>The layers of a registered model, in order, from its {@link ModelSpec#backbone()} module paths:
 * <ul>
 *   <li>a backbone given as ONE path (torchvision's {@code features}, a segmenter's {@code backbone}) is
 *       split into its children, again while that gives a single child with parameters: ConvNeXt's
 *       {@code features.0} (stem) to {@code features.7} are 8 layers, each stage and each downsample its
 *       own; MobileNetV2's {@code features.0} to {@code features.18} are 19; VGG's and AlexNet's each conv
 *       and norm of {@code features};</li>
 *   <li>a backbone given as several paths keeps them as layers: ResNet's {@code conv1}, {@code bn1},
 *       {@code layer1} ... {@code layer4};</li>
 *   <li>children without parameters (ReLU, pooling) are no layer, and a layer holding only normalisation
 *       parameters (scales, shifts, running statistics) joins the layer before it: ResNet's {@code bn1}
 *       joins {@code conv1}, so ResNet has 5 layers (stem, layer1..4); a VGG-BN's norms join their convs.</li>
 * </ul>
 * Everything outside the backbone is the head at depth 0 (ConvNeXt's {@code classifier}, ResNet's {@code fc},
 * a segmenter's ASPP and decoder); the backbone's last layer has depth 1, the first depth {@code n}; a
 * parameter's rate is {@code lr * decay^depth}. Unlike the ConvNeXt authors' code, which counts 12 layers
 * (the 9 or 27 blocks of stage 3 in groups of 3, each downsample with the stage after it), stages are not
 * split: the same rule then serves every registered model. Multiplies with {@code --backbone-lr-mult}.
 *
 * @param layers the backbone's layers, first (stem) to last, each the blocks it is made of
 * @param decay the factor in (0, 1] between a layer's rate and the next one's
 */
public record LayerDecay(List<List<Block>> layers, double decay) {

    public LayerDecay {
        if (!(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException("--layer-decay must be in (0, 1], got " + decay);
        }
        layers = layers.stream().map(List::copyOf).toList();
    }

    /** The layers of a Zoo model (wrapped in its normalisation or not), as the class comment says. */
    public static LayerDecay of(Block model, String name, ModelOptions options, double decay) {
        ModelSpec spec = Zoo.spec(name);
        if (!spec.hasBackbone()) {
            throw new IllegalArgumentException("--layer-decay needs a model with a backbone to count layers in; '" + name
                    + "' has none: leave --layer-decay at 1");
        }
        Block network = NormalizedModel.unwrap(model);
        List<Block> candidates = Modules.findAll(network, spec.backbone());
        while (candidates.size() == 1) {
            List<Block> children = withParameters(candidates.get(0).getChildren().values());
            if (children.isEmpty()) {
                break;
            }
            candidates = children;
        }
        List<List<Block>> layers = new ArrayList<>();
        for (Block block : withParameters(candidates)) {
            if (!layers.isEmpty() && normalisationOnly(block)) {
                layers.get(layers.size() - 1).add(block);
            } else {
                layers.add(new ArrayList<>(List.of(block)));
            }
        }
        return new LayerDecay(layers, decay);
    }

    /** The learning-rate multiplier of every parameter inside a layer (head parameters are absent: 1). */
    public Map<Parameter, Double> multipliers() {
        Map<Parameter, Double> out = new IdentityHashMap<>();
        int n = layers.size();
        for (int i = 0; i < n; i++) {
            double multiplier = Math.pow(decay, n - i);
            for (Block block : layers.get(i)) {
                block.getParameters().values().forEach(p -> out.put(p, multiplier));
            }
        }
        return out;
    }

    private static List<Block> withParameters(List<Block> blocks) {
        return blocks.stream().filter(b -> !b.getParameters().isEmpty()).toList();
    }

    private static boolean normalisationOnly(Block block) {
        Set<Parameter.Type> norm = Set.of(Parameter.Type.GAMMA, Parameter.Type.BETA, Parameter.Type.RUNNING_MEAN,
                Parameter.Type.RUNNING_VAR);
        return block.getParameters().values().stream().allMatch(p -> norm.contains(p.getType()));
    }
}
