package org.vocvision.model;

import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The model registry (timm's {@code create_model}, torchvision's {@code get_model}): a name maps to a
 * builder, so no caller switches on model names. Every model takes [0, 1] NCHW pixels and normalises
 * them inside ({@link NormalizedModel}) with ImageNet statistics, or for resnet50v2 with timm's 0.5/0.5
 * that its weights were trained with; its {@code network()} carries the
 * torchvision/timm parameter names that {@link StateDict} loads and exports.
 */
public final class Zoo {

    /** VOC multi-label classification: 20 classes. */
    static final int CLASSIFICATION_CLASSES = 20;
    /** VOC segmentation: 20 classes and background. */
    static final int SEGMENTATION_CLASSES = 21;

    static final String CLASSIFICATION = "classification";
    static final String SEGMENTATION = "segmentation";

    /** timm's IMAGENET_INCEPTION_MEAN/STD, the default_cfgs of resnetv2 (its weights expect them). */
    private static final float[] INCEPTION = {0.5f, 0.5f, 0.5f};

    /** torchvision's ResNet feature extractor: the stem and the four stages. */
    private static final List<String> RESNET_BACKBONE = List.of("conv1", "bn1", "layer1", "layer2", "layer3", "layer4");

    private static final Map<String, ModelSpec> MODELS = new LinkedHashMap<>();
    private static final Map<String, Function<ModelOptions, Block>> ENCODERS = new LinkedHashMap<>();

    static {
        // AlexNet's 150 px: the course notebook's size; 224 px is torchvision's for the rest
        register("alexnet", ModelSpec.classifier(o -> AlexNet.builder().optNumClasses(o.classes(CLASSIFICATION_CLASSES))
                .optDropout(o.dropout(0.5f)).optBatchNorm(o.batchNorm()).optHead(o.headOr(HeadKind.POOLED))
                .build(), "classifier.", List.of("features"), o -> List.of(o.batchNorm() ? "features.8:" : "features.6:"))
                .withInputSize(150));
        // the last stage: conv5's block, after the fourth max pool
        register("vgg16", ModelSpec.classifier(o -> Vgg.builder().optNumClasses(o.classes(CLASSIFICATION_CLASSES))
                .optDropout(o.dropout(0.5f)).optBatchNorm(o.batchNorm()).optHead(o.headOr(HeadKind.POOLED))
                .build(), "classifier.", List.of("features"), o -> List.of(o.batchNorm() ? "features.34:" : "features.24:")));
        register("resnet50", resNet("resnet50", ResNet.RESNET50));
        register("resnet50v2", ModelSpec.classifier(o -> {
            o.pooledOnly("resnet50v2");
            return ResNetV2.builder().optNumClasses(o.classes(CLASSIFICATION_CLASSES)).optDropout(o.dropout(0f))
                    .build();
        }, "head.fc.", List.of("stem", "stages", "norm"), o -> List.of("stages.3", "norm")).withNormalization(INCEPTION, INCEPTION));
        // the last stage: the 160- and 320-channel inverted residuals and the final 1x1 conv
        register("mobilenet_v2", ModelSpec.classifier(o -> {
            o.pooledOnly("mobilenet_v2");
            return MobileNetV2.builder().optWidth(o.width()).optNumClasses(o.classes(CLASSIFICATION_CLASSES))
                    .optDropout(o.dropout(0.2f)).build();
        }, "classifier.", List.of("features"), o -> List.of("features.14:")));
        // torchvision's convnext_tiny / convnext_small: stochastic depth 0.1 / 0.4 unless --drop-path says
        // otherwise; the last stage is the last downsample and stage 4
        register("convnext_tiny", convNeXt("convnext_tiny", ConvNeXt.TINY, 0.1f));
        register("convnext_small", convNeXt("convnext_small", ConvNeXt.SMALL, 0.4f));
        register("deeplabv3plus", ModelSpec.segmenter(o -> DeepLabV3Plus.builder()
                .setEncoder(encoder(o.backbone(), o))
                .optNumClasses(o.classes(SEGMENTATION_CLASSES))
                .optOutputStride(o.outputStride())
                .build(), "classifier.2.", 320, ModelOptions::outputStride, List.of("backbone"),
                o -> spec(o.backbone()).lastStage().apply(o).stream().map(p -> "backbone." + p).toList()));
        // 2^4: four 2x2 poolings; trained from scratch, so no backbone to freeze
        register("unet", ModelSpec.segmenter(o -> new UNet(o.classes(SEGMENTATION_CLASSES),
                o.width() > 1 ? Math.round(o.width()) : 32, 4), "head.", 320, o -> 16, List.of(), o -> List.of()));

        register("resnet101", resNet("resnet101", ResNet.RESNET101));
        // classifier.0 (960 -> 1280) is pretrained and kept; only classifier.3 depends on the classes. The last
        // stage: the three 160-channel bottlenecks (C4) and the final 1x1 conv
        register("mobilenet_v3_large", ModelSpec.classifier(o -> {
            o.pooledOnly("mobilenet_v3_large");
            return MobileNetV3.builder().optWidth(o.width()).optNumClasses(o.classes(CLASSIFICATION_CLASSES))
                    .optDropout(o.dropout(0.2f)).build();
        }, "classifier.3.", List.of("features"), o -> List.of("features.13:")));
        // torchvision's segmentation models (COCO images, the 20 VOC categories + background); built without the
        // auxiliary head, whose tensors in torchvision's files are then dropped on loading
        register("deeplabv3_resnet50", resNetSegmenter(ResNet.RESNET50, SimpleSegmentationModel.Head.DEEPLABV3));
        register("deeplabv3_resnet101", resNetSegmenter(ResNet.RESNET101, SimpleSegmentationModel.Head.DEEPLABV3));
        register("deeplabv3_mobilenet_v3_large", torchvisionSegmenter(o -> SimpleSegmentationModel.mobileNetV3(
                o.width(), SimpleSegmentationModel.Head.DEEPLABV3, o.classes(SEGMENTATION_CLASSES), false),
                "classifier.4.", "backbone.13:"));
        register("fcn_resnet50", resNetSegmenter(ResNet.RESNET50, SimpleSegmentationModel.Head.FCN));
        register("fcn_resnet101", resNetSegmenter(ResNet.RESNET101, SimpleSegmentationModel.Head.FCN));
        // two class-dependent convs (low_classifier, high_classifier): a head that does not fit drops all of classifier.*
        register("lraspp_mobilenet_v3_large", torchvisionSegmenter(o -> LrAspp.mobileNetV3(o.width(),
                o.classes(SEGMENTATION_CLASSES)), "classifier.", "backbone.13:"));

        ENCODERS.put("mobilenet_v2", o -> DeepLabV3Plus.encoder(
                MobileNetV2.builder().optWidth(o.width()).optOutputStride(o.outputStride()).build()));
        ENCODERS.put("resnet50", o -> DeepLabV3Plus.encoder(ResNet.builder().optOutputStride(o.outputStride()).build()));
        ENCODERS.put("resnet101", o -> DeepLabV3Plus.encoder(
                ResNet.builder().optLayers(ResNet.RESNET101).optOutputStride(o.outputStride()).build()));
    }

    private Zoo() {}

    /**
     * A torchvision segmentation model: ImageNet normalisation, 520 px (torchvision's
     * {@code SemanticSegmentation(resize_size=520)}); any input size works (the output is upsampled
     * bilinearly), multiples of 8 keep the features of the output-stride-8 ResNets aligned.
     */
    private static ModelSpec torchvisionSegmenter(Function<ModelOptions, Block> network, String headPrefix,
            String lastStage) {
        return ModelSpec.segmenter(network, headPrefix, 520, o -> 8, List.of("backbone"), o -> List.of(lastStage));
    }

    /** torchvision's ResNet classifier with these blocks per stage; the last stage is layer4. */
    private static ModelSpec resNet(String name, int[] layers) {
        return ModelSpec.classifier(o -> {
            o.pooledOnly(name);
            return ResNet.builder().optLayers(layers).optNumClasses(o.classes(CLASSIFICATION_CLASSES))
                    .optDropout(o.dropout(0f)).build();
        }, "fc.", RESNET_BACKBONE, o -> List.of("layer4"));
    }

    /** torchvision's ConvNeXt with these blocks per stage and its own stochastic depth unless --drop-path says otherwise. */
    private static ModelSpec convNeXt(String name, int[] depths, float dropPath) {
        return ModelSpec.classifier(o -> {
            o.pooledOnly(name);
            return ConvNeXt.builder().optDepths(depths).optWidth(o.width())
                    .optNumClasses(o.classes(CLASSIFICATION_CLASSES)).optDropout(o.dropout(0f))
                    .optDropPath(o.dropPath(dropPath)).build();
        }, "classifier.2.", List.of("features"), o -> List.of("features.6", "features.7"));
    }

    /** A torchvision DeepLabV3 or FCN segmenter on a dilated ResNet of these blocks per stage. */
    private static ModelSpec resNetSegmenter(int[] layers, SimpleSegmentationModel.Head head) {
        return torchvisionSegmenter(o -> SimpleSegmentationModel.resNet(layers, head, o.classes(SEGMENTATION_CLASSES),
                false), "classifier.4.", "backbone.layer4");
    }

    private static void register(String name, ModelSpec spec) {
        MODELS.put(name, spec);
    }

    /** Builds a registered model (not yet initialised) with normalisation inside. */
    public static NormalizedModel create(String name, ModelOptions options) {
        ModelSpec spec = spec(name);
        return new NormalizedModel(new Normalize(spec.mean(), spec.std()), spec.network().apply(options));
    }

    /** The registered names, in registration order. */
    public static List<String> names() {
        return List.copyOf(MODELS.keySet());
    }

    /** The registered names of one task's models ("classification", "segmentation"). */
    public static List<String> names(String task) {
        return MODELS.entrySet().stream().filter(e -> e.getValue().task().equals(task)).map(Map.Entry::getKey).toList();
    }

    /** Backbones that can serve as a DeepLabV3+ encoder. */
    public static List<String> encoderNames() {
        return List.copyOf(ENCODERS.keySet());
    }

    /** What a registered model predicts: "classification" or "segmentation". */
    public static String task(String name) {
        return spec(name).task();
    }

    /** The square input side a registered model trains at by default. */
    public static int defaultInputSize(String name) {
        return spec(name).inputSize();
    }

    /** Input sides must be multiples of this: a segmenter's output stride (1 for classifiers). */
    public static int inputMultiple(String name, ModelOptions options) {
        return spec(name).outputStride().applyAsInt(options);
    }

    /** The parameter-name prefix of a model's classification layer ({@code fc.}, {@code classifier.} ...). */
    public static String headPrefix(String name) {
        return spec(name).headPrefix();
    }

    /** A DeepLabV3+ encoder whose parameter names equal the ImageNet backbone's, so its weights load. */
    public static Block encoder(String backbone, ModelOptions options) {
        Function<ModelOptions, Block> e = ENCODERS.get(backbone);
        if (e == null) {
            throw new IllegalArgumentException("unknown backbone '" + backbone + "'; valid: "
                    + String.join(", ", ENCODERS.keySet()));
        }
        return e.apply(options);
    }

    /**
     * Loads ImageNet weights (torchvision/timm names) into a registered model: into a DeepLabV3+'s encoder
     * (classifier tensors ignored by design), otherwise into the whole network with the 1000-class head
     * dropped when the model has another head. Everything else must fit exactly.
     */
    public static void loadPretrained(String name, NormalizedModel model, Path file) throws IOException {
        if (model.network() instanceof DeepLabV3Plus deepLab) {
            StateDict.load(deepLab.encoder(), file, LoadOptions.backbone());
        } else {
            StateDict.load(model.network(), file, LoadOptions.replacingHead(headPrefix(name))
                    .withUnused(SimpleSegmentationModel.AUX_PREFIX));
        }
    }

    /** A registered model's facts. */
    public static ModelSpec spec(String name) {
        ModelSpec e = name == null ? null : MODELS.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; valid: " + String.join(", ", MODELS.keySet()));
        }
        return e;
    }
}
