package org.vocvision.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.vocvision.engine.OfflineEngine;
import org.vocvision.model.ModelOptions;
import org.vocvision.model.NormalizedModel;
import org.vocvision.model.StateDict;
import org.vocvision.model.Zoo;

/**
 * Every Zoo model with a backbone splits its parameters the way torchvision/timm name them: the
 * backbone is the feature extractor, the last block its last stage, the rest the head.
 */
class TrainablePartsTest {

    /**
     * Prefixes in torchvision's (timm's for resnet50v2) parameter names. Last blocks: ResNet's layer4,
     * VGG16's conv5 (features.24-28), AlexNet's conv3-5 (features.6-10), MobileNetV2's 160/320 stages
     * and final conv (features.14-18), DeepLabV3+'s encoder's same stages, ConvNeXt's last downsample and
     * stage (features.6-7).
     */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "mobilenet_v2; features.; features.14.|features.15.|features.16.|features.17.|features.18.; classifier.",
        "resnet50; conv1.|bn1.|layer1.|layer2.|layer3.|layer4.; layer4.; fc.",
        "resnet50v2; stem.|stages.|norm.; stages.3.|norm.; head.",
        "alexnet; features.; features.6.|features.8.|features.10.; classifier.",
        "vgg16; features.; features.24.|features.26.|features.28.; classifier.",
        "deeplabv3plus; backbone.; backbone.features.14.|backbone.features.15.|backbone.features.16.|backbone.features.17.; aspp.|project.|classifier.",
        // MobileNetV3's last stage: C4 (features.13-15) and the final conv (features.16); torchvision's segmenters
        // keep the backbone's names under backbone. (IntermediateLayerGetter)
        "resnet101; conv1.|bn1.|layer1.|layer2.|layer3.|layer4.; layer4.; fc.",
        "mobilenet_v3_large; features.; features.13.|features.14.|features.15.|features.16.; classifier.",
        "deeplabv3_resnet50; backbone.; backbone.layer4.; classifier.",
        "deeplabv3_resnet101; backbone.; backbone.layer4.; classifier.",
        "fcn_resnet50; backbone.; backbone.layer4.; classifier.",
        "fcn_resnet101; backbone.; backbone.layer4.; classifier.",
        "deeplabv3_mobilenet_v3_large; backbone.; backbone.13.|backbone.14.|backbone.15.|backbone.16.; classifier.",
        "lraspp_mobilenet_v3_large; backbone.; backbone.13.|backbone.14.|backbone.15.|backbone.16.; classifier.",
        // ConvNeXt: the stem and stages are features; the last stage is the last downsample and stage 4
        "convnext_tiny; features.; features.6.|features.7.; classifier.",
        "convnext_small; features.; features.6.|features.7.; classifier."})
    void splitsAsTorchNamesThem(String name, String backbone, String lastBlock, String head) {
        try (NDManager manager = OfflineEngine.newManager()) {
            NormalizedModel model = Zoo.create(name, ModelOptions.defaults().withWidth(0.25f));
            model.setInitializer(new ConstantInitializer(0f), p -> true); // fast for VGG's 15 M values
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            TrainableParts parts = TrainableParts.of(model, name, ModelOptions.defaults());
            Set<Parameter> inBackbone = identitySet();
            parts.backbone().forEach(b -> inBackbone.addAll(b.getParameters().values()));
            Set<Parameter> inLast = identitySet();
            parts.lastBlock().forEach(b -> inLast.addAll(b.getParameters().values()));

            Set<String> heads = new TreeSet<>();
            for (Map.Entry<String, Parameter> e : StateDict.parameters(model).entrySet()) {
                String torchName = e.getKey();
                assertEquals(startsWithAny(torchName, backbone), inBackbone.contains(e.getValue()), torchName + " in backbone");
                assertEquals(startsWithAny(torchName, lastBlock), inLast.contains(e.getValue()), torchName + " in last block");
                if (!inBackbone.contains(e.getValue())) {
                    assertTrue(startsWithAny(torchName, head), torchName + " is head");
                    heads.add(torchName);
                }
            }
            assertFalse(heads.isEmpty());
            assertFalse(inLast.isEmpty());
        }
    }

    @Test
    void unetHasNoBackboneToFreeze() {
        NormalizedModel unet = Zoo.create("unet", ModelOptions.defaults());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainableParts.of(unet, "unet", ModelOptions.defaults()));
        assertTrue(e.getMessage().contains("unet"), e.getMessage());
    }

    /** With the backbone in inference mode a training forward leaves its batch-norm statistics alone. */
    @Test
    void backboneInferenceKeepsBatchNormStatistics() {
        try (NDManager manager = OfflineEngine.newManager()) {
            NormalizedModel model = Zoo.create("mobilenet_v2", ModelOptions.defaults().withWidth(0.25f));
            model.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 32, 32));
            Parameter stemMean = StateDict.parameters(model).get("features.0.1.running_mean");
            TrainableParts parts = TrainableParts.of(model, "mobilenet_v2", ModelOptions.defaults());
            ParameterStore store = new ParameterStore(manager, false);
            NDList input = new NDList(manager.randomUniform(0, 1, new Shape(2, 3, 32, 32)));
            float[] before = stemMean.getArray().toFloatArray();

            parts.backboneInference().accept(true);
            model.forward(store, input, true).close();
            assertArrayEquals(before, stemMean.getArray().toFloatArray(), 0f);

            parts.backboneInference().accept(false);
            model.forward(store, input, true).close();
            assertFalse(java.util.Arrays.equals(before, stemMean.getArray().toFloatArray()), "statistics moved");
        }
    }

    /** With batch norm after every conv, AlexNet's conv3 is features.8 and VGG16's conv5 features.34 (vgg16_bn). */
    @ParameterizedTest
    @CsvSource({"alexnet, features.8.weight", "vgg16, features.34.weight"})
    void batchNormVariantsStartTheirLastStageAtTorchvisionsIndex(String name, String firstLastStageParameter) {
        try (NDManager manager = OfflineEngine.newManager()) {
            ModelOptions options = ModelOptions.defaults().withBatchNorm(true);
            NormalizedModel model = Zoo.create(name, options);
            model.setInitializer(new ConstantInitializer(0f), p -> true);
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            TrainableParts parts = TrainableParts.of(model, name, options);
            Parameter first = parts.lastBlock().get(0).getParameters().values().get(0);
            assertTrue(first == StateDict.parameters(model).get(firstLastStageParameter), firstLastStageParameter);
        }
    }

    private static boolean startsWithAny(String name, String prefixes) {
        for (String p : prefixes.split("\\|")) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static Set<Parameter> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

}
