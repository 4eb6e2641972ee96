package org.vocvision.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * torchvision's {@code IntermediateLayerGetter}: the encoder of every segmenter on a pretrained backbone. It
 * runs a backbone's children in order under their own names (so {@code backbone.layer1.0.conv1.weight} still
 * loads from the ImageNet file), returns the outputs of the requested children in the requested order, and keeps no child
 * after the last one needed (ResNet's {@code fc}, MobileNetV2's last 1x1 conv).
 *
 * <p>Only the backbone's children up to the last tap must make up its forward, in order. A tap may also name a
 * child of a sequential child ({@code features.3}, MobileNetV2's stride-4 map): that child is then tapped the
 * same way, under its own name, and must be the last one run.
 */
final class IntermediateLayers extends AbstractBlock {

    private final List<Block> modules = new ArrayList<>();
    /** Per kept child: the result slots its output fills (none for a child only run on the way). */
    private final List<int[]> slots = new ArrayList<>();
    /** Per kept child: whether it is itself tapped (a sequential child), its outputs filling its slots in order. */
    private final List<Boolean> tapped = new ArrayList<>();
    private final int taps;

    /**
     * @param taps torch module names ({@code layer4}, {@code 16}, {@code features.17}) whose outputs are
     *     returned, in this order
     */
    IntermediateLayers(Block backbone, String... taps) {
        this.taps = taps.length;
        if (taps.length == 0) {
            throw new IllegalArgumentException("no taps");
        }
        boolean[] found = new boolean[taps.length];
        int children = backbone.getChildren().size();
        for (int i = 0; i < children && !all(found); i++) {
            String name = Modules.childName(backbone, i);
            Block child = backbone.getChildren().get(i).getValue();
            List<String> inner = new ArrayList<>();
            List<Integer> innerSlots = new ArrayList<>();
            List<Integer> ownSlots = new ArrayList<>();
            for (int t = 0; t < taps.length; t++) {
                if (taps[t].equals(name)) {
                    ownSlots.add(t);
                    found[t] = true;
                } else if (taps[t].startsWith(name + ".")) {
                    inner.add(taps[t].substring(name.length() + 1));
                    innerSlots.add(t);
                    found[t] = true;
                }
            }
            if (!inner.isEmpty()) {
                if (!ownSlots.isEmpty() || !all(found)) {
                    throw new IllegalArgumentException("taps inside '" + name + "' need it to be the last module run");
                }
                if (!(child instanceof SequentialBlock || child instanceof NamedSequential)) {
                    throw new IllegalArgumentException("taps inside '" + name + "' need it to be sequential");
                }
                try {
                    child = new IntermediateLayers(child, inner.toArray(new String[0]));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("in '" + name + "': " + e.getMessage(), e);
                }
                ownSlots = innerSlots;
            }
            modules.add(addChildBlock(name, child));
            tapped.add(!inner.isEmpty());
            slots.add(ownSlots.stream().mapToInt(Integer::intValue).toArray());
        }
        for (int t = 0; t < taps.length; t++) {
            if (!found[t]) {
                List<String> names = new ArrayList<>();
                for (int i = 0; i < children; i++) {
                    names.add(Modules.childName(backbone, i));
                }
                throw new IllegalArgumentException("no module '" + taps[t] + "' to tap in "
                        + backbone.getClass().getSimpleName() + "; its children: " + String.join(", ", names));
            }
        }
    }

    private static boolean all(boolean[] found) {
        for (boolean f : found) {
            if (!f) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray[] result = new NDArray[taps];
        NDList x = inputs;
        for (int i = 0; i < modules.size(); i++) {
            x = modules.get(i).forward(ps, x, training);
            int[] s = slots.get(i);
            for (int k = 0; k < s.length; k++) {
                result[s[k]] = tapped.get(i) ? x.get(k) : x.head();
            }
        }
        return new NDList(result);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] s = inputShapes;
        for (Block m : modules) {
            m.initialize(manager, dataType, s);
            s = m.getOutputShapes(s);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] result = new Shape[taps];
        Shape[] x = inputShapes;
        for (int i = 0; i < modules.size(); i++) {
            x = modules.get(i).getOutputShapes(x);
            int[] s = slots.get(i);
            for (int k = 0; k < s.length; k++) {
                result[s[k]] = tapped.get(i) ? x[k] : x[0];
            }
        }
        return result;
    }
}
