package org.vocvision.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vocvision.engine.OfflineEngine;

/** DeepLabV3+ on both backbones and output strides keeps odd input sizes; encoder taps have the right strides. */
class DeepLabEncoderTest {

    @ParameterizedTest
    @CsvSource({"mobilenet_v2, 16", "mobilenet_v2, 8", "resnet50, 16", "resnet50, 8"})
    void keepsOddSizes(String backbone, int outputStride) {
        // the registry's mobilenet_v2 encoder at width 0.25; resnet50's code path with reduced widths
        Block encoder = backbone.equals("resnet50")
                ? DeepLabV3Plus.encoder(ResNet.builder().optStemWidth(16).optBasePlanes(8).optLayers(1, 1, 2, 2)
                        .optOutputStride(outputStride).build())
                : Zoo.encoder(backbone, ModelOptions.defaults().withWidth(0.25f).withOutputStride(outputStride));
        try (NDManager manager = OfflineEngine.newManager()) {
            DeepLabV3Plus model = DeepLabV3Plus.builder().setEncoder(encoder).optOutputStride(outputStride).build();
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            ParameterStore ps = new ParameterStore(manager, false);
            // VOC's 375x500, 112x500 and 257x198 scaled down by 5
            for (int[] size : new int[][] {{75, 100}, {23, 100}, {51, 40}}) {
                NDArray x = manager.randomUniform(0, 1, new Shape(1, 3, size[0], size[1]));
                NDArray y = model.forward(ps, new NDList(x), false).head();
                assertEquals(new Shape(1, 21, size[0], size[1]), y.getShape());
                // the forward above ran the encoder; its tap shapes, from DJL's shape inference:
                Shape[] taps = encoder.getOutputShapes(new Shape[] {x.getShape()});
                long lowChannels = backbone.equals("resnet50") ? 32 : 8;  // 24 * 0.25 rounded to 8
                long highChannels = backbone.equals("resnet50") ? 256 : 80;
                assertEquals(new Shape(1, lowChannels, ceil(size[0], 4), ceil(size[1], 4)), taps[0]);
                assertEquals(new Shape(1, highChannels, ceil(size[0], outputStride), ceil(size[1], outputStride)),
                        taps[1]);
            }
        }
    }

    /** Each stride-2 stage with "same" padding gives ceil(size / 2). */
    private static long ceil(long size, int stride) {
        long s = size;
        for (int k = stride; k > 1; k /= 2) {
            s = (s + 1) / 2;
        }
        return s;
    }
}
