package org.vocvision.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;
import org.vocvision.engine.OfflineEngine;

/**
 * The stride-to-dilation plan and the feature maps it gives. That the dilated taps equal torch's (torchvision's
 * {@code replace_stride_with_dilation}, VainF's MobileNetV2 {@code output_stride}) is checked on seeded weights
 * by {@link TorchEquivalenceTest} at output strides 8 and 16.
 */
class DilationTest {

    /** ResNet: stem stride 4, layer strides 1, 2, 2, 2. */
    private static Dilation.Stage[] resNetPlan(int outputStride) {
        Dilation d = new Dilation(4, outputStride);
        return new Dilation.Stage[] {d.next(1), d.next(2), d.next(2), d.next(2)};
    }

    @Test
    void resNetPlansAreTorchvisions() {
        Dilation.Stage plain = new Dilation.Stage(1, 1, 1);
        Dilation.Stage strided = new Dilation.Stage(2, 1, 1);
        // replace_stride_with_dilation [False, False, False]
        assertArrayEquals(new Dilation.Stage[] {plain, strided, strided, strided}, resNetPlan(32));
        // [False, False, True]: layer4 at dilation 2, its first block at the previous dilation
        assertArrayEquals(new Dilation.Stage[] {plain, strided, strided, new Dilation.Stage(1, 1, 2)},
                resNetPlan(16));
        // [False, True, True]: layer3 at 2, layer4 at 4 (its first block at 2)
        assertArrayEquals(new Dilation.Stage[] {plain, strided, new Dilation.Stage(1, 1, 2),
            new Dilation.Stage(1, 2, 4)}, resNetPlan(8));
    }

    @Test
    void refusesOtherOutputStrides() {
        assertThrows(IllegalArgumentException.class, () -> new Dilation(4, 4));
        assertThrows(IllegalArgumentException.class, () -> ResNet.builder().optOutputStride(12).build());
        assertThrows(IllegalArgumentException.class, () -> MobileNetV2.builder().optOutputStride(64).build());
    }

    @Test
    void dilatedResNetKeepsTheResolution() {
        for (int os : new int[] {8, 16, 32}) {
            ResNet resNet = ResNet.builder().optStemWidth(8).optBasePlanes(4).optLayers(1, 1, 2, 2)
                    .optOutputStride(os).build();
            Shape[] taps = run(new IntermediateLayers(resNet, "layer1", "layer2", "layer3", "layer4"));
            int[] strides = {4, 8, Math.min(16, os), os};
            for (int i = 0; i < 4; i++) {
                assertEquals(new Shape(1, 16L << i, 64 / strides[i], 64 / strides[i]), taps[i], "os " + os + " layer" + (i + 1));
            }
        }
    }

    @Test
    void dilatedMobileNetV2KeepsTheResolution() {
        // at width 0.25: features.3 (24 -> 8 channels, stride 4), features.6 (32 -> 8, stride 8),
        // features.13 (96 -> 24, stride 16), features.17 (320 -> 80, stride 32)
        for (int os : new int[] {8, 16, 32}) {
            MobileNetV2 net = MobileNetV2.builder().optWidth(0.25f).optOutputStride(os).build();
            Shape[] taps = run(new IntermediateLayers(net, "features.3", "features.6", "features.13", "features.17"));
            long[] channels = {8, 8, 24, 80};
            int[] strides = {4, 8, Math.min(16, os), os};
            for (int i = 0; i < 4; i++) {
                assertEquals(new Shape(1, channels[i], 64 / strides[i], 64 / strides[i]), taps[i], "os " + os + " tap " + i);
            }
        }
    }

    /** The shapes a forward on a 64x64 input gives, checked against the block's shape inference. */
    private static Shape[] run(Block block) {
        try (NDManager manager = OfflineEngine.newManager()) {
            Shape input = new Shape(1, 3, 64, 64);
            block.initialize(manager, DataType.FLOAT32, input);
            NDList out = block.forward(new ParameterStore(manager, false), new NDList(manager.ones(input)), false);
            Shape[] shapes = new Shape[out.size()];
            for (int i = 0; i < out.size(); i++) {
                shapes[i] = out.get(i).getShape();
            }
            assertArrayEquals(block.getOutputShapes(new Shape[] {input}), shapes);
            return shapes;
        }
    }
}
