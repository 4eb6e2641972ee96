package org.vocvision.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * torchvision's {@code IntermediateLayerGetter} over an {@code nn.Sequential} (MobileNetV3's
 * {@code features}): the modules keep their indices as names ({@code backbone.0} ... {@code backbone.16}),
 * run in order, and the outputs of the requested indices come back in the requested order.
 */
final class IntermediateLayers extends AbstractBlock {

    private final List<Block> modules = new ArrayList<>();
    private final int[] taps;

    /**
     * @param taps indices whose outputs are returned, in this order
     */
    IntermediateLayers(List<Block> sequence, int... taps) {
        int last = 0;
        for (int t : taps) {
            if (t < 0 || t >= sequence.size()) {
                throw new IllegalArgumentException("tap " + t + " outside 0.." + (sequence.size() - 1));
            }
            last = Math.max(last, t);
        }
        // like torchvision, modules after the last requested one are not kept
        for (int i = 0; i <= last; i++) {
            modules.add(addChildBlock(Integer.toString(i), sequence.get(i)));
        }
        this.taps = taps.clone();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList[] outs = new NDList[modules.size()];
        NDList x = inputs;
        for (int i = 0; i < modules.size(); i++) {
            x = modules.get(i).forward(ps, x, training);
            outs[i] = x;
        }
        NDList result = new NDList(taps.length);
        for (int t : taps) {
            result.add(outs[t].head());
        }
        return result;
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
        Shape[][] outs = new Shape[modules.size()][];
        Shape[] s = inputShapes;
        for (int i = 0; i < modules.size(); i++) {
            s = modules.get(i).getOutputShapes(s);
            outs[i] = s;
        }
        Shape[] result = new Shape[taps.length];
        for (int i = 0; i < taps.length; i++) {
            result[i] = outs[taps[i]][0];
        }
        return result;
    }
}
