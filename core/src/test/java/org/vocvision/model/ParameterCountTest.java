package org.vocvision.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vocvision.engine.OfflineEngine;

/** Full-size models with 1000 classes and their own heads have exactly torchvision's/timm's parameter counts. */
class ParameterCountTest {

    /** Trainable parameters, as torch's {@code sum(p.numel() for p in model.parameters())}: no running stats. */
    static long count(Block network) {
        long n = 0;
        for (Parameter p : StateDict.parameters(network).values()) {
            if (p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR) {
                n += p.getArray().size();
            }
        }
        return n;
    }

    @ParameterizedTest
    @CsvSource({
        // torchvision 0.14: sum(p.numel() for p in torchvision.models.NAME().parameters())
        "alexnet, 61100840",
        "vgg16, 138357544",
        "resnet50, 25557032",
        "mobilenet_v2, 3504872",
        "resnet101, 44549160",
        "mobilenet_v3_large, 5483032",
        // the torch module tree of timm's resnetv2_50 written out in src/test/python/make_weight_fixtures.py
        "resnet50v2, 25549352"})
    void matchesTorch(String name, long expected) {
        try (NDManager manager = OfflineEngine.newManager()) {
            NormalizedModel model = Zoo.create(name, ModelOptions.defaults().withNumClasses(1000)
                    .withHead(HeadKind.STANDARD));
            // parameter shapes do not depend on the input size (adaptive pools), so a small input suffices;
            // constant initialisation is much faster than random for VGG's 138 M values
            model.setInitializer(new ConstantInitializer(0f), p -> true);
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            assertEquals(expected, count(model.network()));
        }
    }
}
