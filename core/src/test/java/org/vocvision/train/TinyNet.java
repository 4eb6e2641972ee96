package org.vocvision.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A tiny two-stage conv backbone with batch norm and a head: global pooling + dropout + Linear(20)
 * for classification, or a 1x1 conv to 21 classes for segmentation. Its backbone runs in
 * inference mode while {@link #backboneInference} is on, as the real models do.
 */
final class TinyNet extends AbstractBlock {

    final SequentialBlock backbone;
    final SequentialBlock lastBlock;
    final Block head;
    private final boolean segmentation;
    private boolean backboneInference;

    TinyNet(boolean segmentation) {
        this.segmentation = segmentation;
        lastBlock = convBnRelu(8);
        backbone = addChildBlock("backbone", new SequentialBlock().add(convBnRelu(8)).add(lastBlock));
        head = addChildBlock("head", segmentation
                ? Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(21).build()
                : new SequentialBlock().add(Dropout.builder().optRate(0.2f).build())
                        .add(Linear.builder().setUnits(20).build()));
    }

    private static SequentialBlock convBnRelu(int filters) {
        return new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters).build())
                .add(BatchNorm.builder().build())
                .add(Activation.reluBlock());
    }

    TrainableParts parts() {
        return new TrainableParts(java.util.List.of(backbone), java.util.List.of(lastBlock), on -> backboneInference = on);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray features = backbone.forward(store, inputs, training && !backboneInference).head();
        if (segmentation) {
            return head.forward(store, new NDList(features), training);
        }
        long pixels = features.getShape().get(2) * features.getShape().get(3);
        NDArray pooled = features.sum(new int[] {2, 3}).div(pixels);
        return head.forward(store, new NDList(pooled), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
        Shape features = backbone.getOutputShapes(inputShapes)[0];
        head.initialize(manager, dataType, segmentation ? features : new Shape(features.get(0), features.get(1)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {segmentation ? new Shape(in.get(0), 21, in.get(2), in.get(3)) : new Shape(in.get(0), 20)};
    }
}
