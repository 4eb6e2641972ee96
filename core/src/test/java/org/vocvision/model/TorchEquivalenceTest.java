package org.vocvision.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vocvision.engine.OfflineEngine;

/**
 * Our blocks load torchvision/timm state_dicts by name and reproduce PyTorch's eval-mode outputs. The
 * fixtures come from src/test/python/make_weight_fixtures.py: torchvision's own MobileNetV2 (width 0.25),
 * ResNet/Bottleneck/_make_layer, VGG/make_layers and AlexNet at reduced widths, and timm's resnetv2 module tree
 * written out in torch; seeded weights with randomised batch-norm statistics.
 */
class TorchEquivalenceTest {

    private static final Logger LOG = LoggerFactory.getLogger(TorchEquivalenceTest.class);
    private static final Path DIR = Path.of("src/test/resources/weights");
    private static final double TOLERANCE = 1e-4;

    @Test
    void mobileNetV2() throws IOException {
        check("mobilenet_v2_w025", MobileNetV2.builder().optWidth(0.25f).optNumClasses(5).build());
        for (int os : new int[] {16, 8}) {
            checkTaps("mobilenet_v2_w025", os, DeepLabV3Plus.encoder(MobileNetV2.builder().optWidth(0.25f).optOutputStride(os).build()));
        }
    }

    @Test
    void resNet() throws IOException {
        check("resnet_small", smallResNet().optNumClasses(5).build());
        for (int os : new int[] {16, 8}) {
            checkTaps("resnet_small", os, DeepLabV3Plus.encoder(smallResNet().optOutputStride(os).build()));
        }
    }

    @Test
    void vgg() throws IOException {
        int m = Vgg.MAX_POOL;
        check("vgg_small", Vgg.builder()
                .optConfig(4, 4, m, 8, 8, m, 16, 16, 16, m, 32, 32, 32, m, 32, 32, 32, m)
                .optHidden(32).optNumClasses(5).optHead(HeadKind.STANDARD).build());
    }

    @Test
    void alexNet() throws IOException {
        check("alexnet_small", AlexNet.builder().optWidths(8, 16, 16, 16, 16).optHidden(32).optNumClasses(5)
                .optHead(HeadKind.STANDARD).build());
    }

    @Test
    void resNetV2() throws IOException {
        check("resnetv2_small", ResNetV2.builder().optStemWidth(16).optBasePlanes(4).optLayers(2, 1, 2, 1)
                .optNumClasses(5).build());
    }

    private static ResNet.Builder smallResNet() {
        return ResNet.builder().optStemWidth(16).optBasePlanes(4).optLayers(2, 1, 2, 1);
    }

    private static void check(String name, Block network) throws IOException {
        try (NDManager manager = OfflineEngine.newManager()) {
            Map<String, NDArray> io = SafeTensors.read(manager, DIR.resolve(name + ".io.safetensors"));
            NDArray x = io.get("input");
            network.initialize(manager, DataType.FLOAT32, x.getShape());
            long start = System.nanoTime();
            StateDict.load(network, DIR.resolve(name + ".safetensors"), LoadOptions.strict());
            long ms = (System.nanoTime() - start) / 1_000_000;
            NDArray y = network.forward(new ParameterStore(manager, false), new NDList(x), false).head();
            assertEquals(io.get("logits").getShape(), y.getShape());
            float diff = y.sub(io.get("logits")).abs().max().getFloat();
            LOG.info("{}: max |logit - torch| = {} (load {} ms)", name, diff, ms);
            assertTrue(diff < TOLERANCE, name + ": max abs logit difference " + diff);
        }
    }

    /** The DeepLabV3+ encoder loads the classifier's file (head ignored) and gives torch's dilated taps. */
    private static void checkTaps(String name, int outputStride, Block encoder) throws IOException {
        try (NDManager manager = OfflineEngine.newManager()) {
            Map<String, NDArray> io = SafeTensors.read(manager, DIR.resolve(name + ".io.safetensors"));
            NDArray x = io.get("input");
            encoder.initialize(manager, DataType.FLOAT32, x.getShape());
            StateDict.load(encoder, DIR.resolve(name + ".safetensors"), LoadOptions.backbone());
            NDList taps = encoder.forward(new ParameterStore(manager, false), new NDList(x), false);
            String[] keys = {"os" + outputStride + "_low", "os" + outputStride + "_high"};
            for (int i = 0; i < 2; i++) {
                NDArray expected = io.get(keys[i]);
                assertEquals(expected.getShape(), taps.get(i).getShape(), name + " " + keys[i]);
                float diff = taps.get(i).sub(expected).abs().max().getFloat();
                LOG.info("{} {}: max |feature - torch| = {}", name, keys[i], diff);
                assertTrue(diff < TOLERANCE, name + " " + keys[i] + ": max abs difference " + diff);
            }
        }
    }
}
