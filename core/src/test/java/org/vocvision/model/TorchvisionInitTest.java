package org.vocvision.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vocvision.engine.OfflineEngine;

/**
 * A fresh network starts from torchvision's initialisation (torch.nn.init's formulas): convs
 * kaiming_normal_(mode="fan_out"), std sqrt(2 / (out channels x kernel area)); MobileNet's and VGG's linears
 * normal_(0, 0.01); ResNet's fc nn.Linear's own U(-1/sqrt(fan in), 1/sqrt(fan in)); batch norm 1 and 0;
 * timm's ResNetV2 the same loop, with its 1x1-conv head.fc as a linear.
 * DJL's default (kaiming-normal fan-in everywhere) fails each: e.g. sqrt(2/160) = 0.112 instead of 0.040 below.
 */
class TorchvisionInitTest {

    private static Map<String, Parameter> fresh(String model, ModelOptions options, NDManager manager) {
        NormalizedModel m = Zoo.create(model, options);
        m.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
        return StateDict.parameters(m.network());
    }

    private static float[] values(Map<String, Parameter> params, String name) {
        Parameter p = params.get(name);
        assertTrue(p != null, "no parameter " + name + " in " + params.keySet());
        return p.getArray().toFloatArray();
    }

    private static double std(float[] v) {
        double sum = 0;
        double squares = 0;
        for (float x : v) {
            sum += x;
            squares += (double) x * x;
        }
        double mean = sum / v.length;
        return Math.sqrt(squares / v.length - mean * mean);
    }

    /** The sample std within {@code relative} of {@code expected} (4 standard errors at these sizes). */
    private static void assertStd(double expected, float[] v, double relative, String what) {
        double s = std(v);
        assertEquals(expected, s, relative * expected, what + ": std " + s + " over " + v.length + " values");
    }

    @Test
    void mobileNetV2StartsAsTorchvisionsDoes() {
        try (NDManager manager = OfflineEngine.newManager()) {
            Map<String, Parameter> p = fresh("mobilenet_v2", ModelOptions.defaults().withWidth(0.5f), manager);
            // the last 1x1 conv, (1280, 160, 1, 1): fan out 1280
            assertStd(Math.sqrt(2.0 / 1280), values(p, "features.18.0.weight"), 0.02, "last conv");
            // a depthwise 3x3, (480, 1, 3, 3) at width 0.5: fan out 480 x 9 (DJL's fan-in default: sqrt(2/9) = 0.47)
            assertStd(Math.sqrt(2.0 / (480 * 9)), values(p, "features.17.conv.1.0.weight"), 0.05, "depthwise conv");
            assertStd(0.01, values(p, "classifier.1.weight"), 0.03, "classifier");
            for (float g : values(p, "features.18.1.weight")) {
                assertEquals(1f, g);
            }
            for (float b : values(p, "classifier.1.bias")) {
                assertEquals(0f, b);
            }
        }
    }

    @Test
    void resNetAndVggStartAsTorchvisionsDo() {
        try (NDManager manager = OfflineEngine.newManager()) {
            Map<String, Parameter> r = fresh("resnet50", ModelOptions.defaults(), manager);
            assertStd(Math.sqrt(2.0 / (512 * 9)), values(r, "layer4.0.conv2.weight"), 0.02, "resnet conv");
            double bound = 1 / Math.sqrt(2048);
            float[] fc = values(r, "fc.weight");
            for (float w : fc) {
                assertTrue(Math.abs(w) <= bound, "fc weight " + w + " outside +-" + bound);
            }
            assertStd(bound / Math.sqrt(3), fc, 0.05, "resnet fc");

            Map<String, Parameter> v = fresh("vgg16", ModelOptions.defaults(), manager);
            assertStd(Math.sqrt(2.0 / (512 * 9)), values(v, "features.28.weight"), 0.02, "vgg conv");
            assertStd(0.01, values(v, "classifier.1.weight"), 0.05, "vgg classifier");
        }
    }

    @Test
    void timmResNetV2StartsAsTimmDoes() {
        try (NDManager manager = OfflineEngine.newManager()) {
            Map<String, Parameter> r = fresh("resnet50v2", ModelOptions.defaults(), manager);
            assertStd(Math.sqrt(2.0 / (512 * 9)), values(r, "stages.3.blocks.0.conv2.weight"), 0.02, "stage conv");
            // timm's head.fc is a 1x1 conv initialised as a linear: N(0, 0.01), not fan out
            assertStd(0.01, values(r, "head.fc.weight"), 0.03, "head.fc");
        }
    }

    @Test
    void deepLabKeepsItsHeadsKaimingFanInAroundATorchvisionEncoder() {
        try (NDManager manager = OfflineEngine.newManager()) {
            Map<String, Parameter> d = fresh("deeplabv3plus", ModelOptions.defaults().withWidth(0.5f), manager);
            // the encoder is torchvision's MobileNetV2; VainF's ASPP and decoder use kaiming_normal_ (fan in)
            assertStd(Math.sqrt(2.0 / (480 * 9)), values(d, "backbone.features.17.conv.1.0.weight"), 0.05,
                    "encoder depthwise conv");
            String aspp = d.keySet().stream().filter(k -> k.matches(".*aspp.*\\.weight") && values(d, k).length > 100_000)
                    .findFirst().orElseThrow(() -> new AssertionError("no ASPP conv in " + d.keySet()));
            long[] shape = d.get(aspp).getArray().getShape().getShape();
            long fanIn = shape[1] * shape[2] * shape[3];
            assertStd(Math.sqrt(2.0 / fanIn), values(d, aspp), 0.03, aspp);
        }
    }
}
