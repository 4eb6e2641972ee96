package org.vocvision.model;

import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import ai.djl.nn.SequentialBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * Blocks addressed by their torch module path ({@code layer4}, {@code features.14}, {@code backbone.layer1.0}),
 * as torch's {@code model.get_submodule(path)}: a named child keeps its name, a child of a
 * {@link SequentialBlock} is its index, as in {@code nn.Sequential}. A last segment {@code N:} takes the
 * children from index N to the end (torch's {@code features[N:]}).
 */
public final class Modules {

    private Modules() {}

    /** The torch name of child {@code i} of {@code parent}: DJL prefixes names with a two-digit ordinal. */
    static String childName(Block parent, int i) {
        return parent instanceof SequentialBlock ? Integer.toString(i) : parent.getChildren().get(i).getKey().substring(2);
    }

    /** The blocks at {@code path}: one block, or the children a trailing {@code N:} slice names. */
    public static List<Block> find(Block root, String path) {
        Block block = NormalizedModel.unwrap(root);
        String[] segments = path.split("\\.");
        for (int s = 0; s < segments.length; s++) {
            String segment = segments[s];
            BlockList children = block.getChildren();
            if (s == segments.length - 1 && segment.endsWith(":")) {
                int from = Integer.parseInt(segment.substring(0, segment.length() - 1));
                if (from < 0 || from >= children.size()) {
                    throw new IllegalArgumentException("no children from " + from + " in '" + path + "' (there are "
                            + children.size() + ")");
                }
                return List.copyOf(children.values().subList(from, children.size()));
            }
            Block next = null;
            for (int i = 0; i < children.size() && next == null; i++) {
                if (childName(block, i).equals(segment)) {
                    next = children.get(i).getValue();
                }
            }
            if (next == null) {
                throw new IllegalArgumentException("no module '" + segment + "' in '" + path + "'");
            }
            block = next;
        }
        return List.of(block);
    }

    /** The blocks at every path, in order. */
    public static List<Block> findAll(Block root, List<String> paths) {
        List<Block> out = new ArrayList<>();
        for (String path : paths) {
            out.addAll(find(root, path));
        }
        return out;
    }

    /**
     * Holds every batch norm and drop path inside {@code blocks} in inference mode (on) or lets it follow the forward's
     * training flag again (off): torch's {@code module.eval()} / {@code module.train()} on those modules.
     */
    public static void setInference(List<Block> blocks, boolean on) {
        for (Block block : blocks) {
            if (block instanceof HasInferenceMode layer) {
                layer.setInference(on);
            }
            setInference(block.getChildren().values(), on);
        }
    }
}
