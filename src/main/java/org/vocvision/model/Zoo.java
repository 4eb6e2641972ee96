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

    /**
     * A registered architecture.
     *
     * @param network builds the raw network (no normalisation) from the options
     * @param task what it predicts: "classification" or "segmentation"
     * @param headPrefix parameter-name prefix of the classification layer, dropped from weight files whose
     *     head does not fit
     * @param inputSize the square input side it trains at by default
     * @param inputMultiple input sides must be multiples of it (a segmenter's output stride), given the options
     */
    record Entry(Function<ModelOptions, Block> network, String task, String headPrefix, float[] mean, float[] std,
            int inputSize, java.util.function.ToIntFunction<ModelOptions> inputMultiple) {
        static Entry classifier(Function<ModelOptions, Block> network, String headPrefix) {
            return new Entry(network, CLASSIFICATION, headPrefix, Normalize.IMAGENET_MEAN, Normalize.IMAGENET_STD, 224,
                    o -> 1);
        }

        Entry withInputSize(int size) {
            return new Entry(network, task, headPrefix, mean, std, size, inputMultiple);
        }

        Entry withNormalization(float[] m, float[] s) {
            return new Entry(network, task, headPrefix, m, s, inputSize, inputMultiple);
        }
    }

    static final String CLASSIFICATION = "classification";
    static final String SEGMENTATION = "segmentation";

    /** timm's IMAGENET_INCEPTION_MEAN/STD, the default_cfgs of resnetv2 (its weights expect them). */
    private static final float[] INCEPTION = {0.5f, 0.5f, 0.5f};

    private static final Map<String, Entry> MODELS = new LinkedHashMap<>();
    private static final Map<String, Function<ModelOptions, Block>> ENCODERS = new LinkedHashMap<>();

    static {
        // AlexNet's 150 px: the course notebook's size; 224 px is torchvision's for the rest
        MODELS.put("alexnet", Entry.classifier(o -> AlexNet.builder().optNumClasses(o.classes(CLASSIFICATION_CLASSES))
                .optDropout(o.dropout(0.5f)).optBatchNorm(o.batchNorm()).optHead(o.headOr(HeadKind.POOLED))
                .build(), "classifier.").withInputSize(150));
        MODELS.put("vgg16", Entry.classifier(o -> Vgg.builder().optNumClasses(o.classes(CLASSIFICATION_CLASSES))
                .optDropout(o.dropout(0.5f)).optBatchNorm(o.batchNorm()).optHead(o.headOr(HeadKind.POOLED))
                .build(), "classifier."));
        MODELS.put("resnet50", Entry.classifier(o -> {
            o.pooledOnly("resnet50");
            return ResNet.builder().optNumClasses(o.classes(CLASSIFICATION_CLASSES)).optDropout(o.dropout(0f)).build();
        }, "fc."));
        MODELS.put("resnet50v2", Entry.classifier(o -> {
            o.pooledOnly("resnet50v2");
            return ResNetV2.builder().optNumClasses(o.classes(CLASSIFICATION_CLASSES)).optDropout(o.dropout(0f))
                    .build();
        }, "head.fc.").withNormalization(INCEPTION, INCEPTION));
        MODELS.put("mobilenet_v2", Entry.classifier(o -> {
            o.pooledOnly("mobilenet_v2");
            return MobileNetV2.builder().optWidth(o.width()).optNumClasses(o.classes(CLASSIFICATION_CLASSES))
                    .optDropout(o.dropout(0.2f)).build();
        }, "classifier."));
        // torchvision's convnext_tiny / convnext_small: stochastic depth 0.1 / 0.4 unless --drop-path says otherwise
        MODELS.put("convnext_tiny", Entry.classifier(o -> {
            o.pooledOnly("convnext_tiny");
            return ConvNeXt.builder().optDepths(ConvNeXt.TINY).optWidth(o.width())
                    .optNumClasses(o.classes(CLASSIFICATION_CLASSES)).optDropout(o.dropout(0f))
                    .optDropPath(o.dropPath(0.1f)).build();
        }, "classifier.2."));
        MODELS.put("convnext_small", Entry.classifier(o -> {
            o.pooledOnly("convnext_small");
            return ConvNeXt.builder().optDepths(ConvNeXt.SMALL).optWidth(o.width())
                    .optNumClasses(o.classes(CLASSIFICATION_CLASSES)).optDropout(o.dropout(0f))
                    .optDropPath(o.dropPath(0.4f)).build();
        }, "classifier.2."));
        MODELS.put("deeplabv3plus", new Entry(o -> DeepLabV3Plus.builder()
                .setEncoder(encoder(o.backbone(), o))
                .optNumClasses(o.classes(SEGMENTATION_CLASSES))
                .optOutputStride(o.outputStride())
                .build(), SEGMENTATION, "classifier.2.", Normalize.IMAGENET_MEAN, Normalize.IMAGENET_STD, 320,
                ModelOptions::outputStride));
        // 2^4: four 2x2 poolings
        MODELS.put("unet", new Entry(o -> new UNet(o.classes(SEGMENTATION_CLASSES),
                o.width() > 1 ? Math.round(o.width()) : 32, 4), SEGMENTATION, "head.", Normalize.IMAGENET_MEAN,
                Normalize.IMAGENET_STD, 320, o -> 16));

        ENCODERS.put("mobilenet_v2", o -> MobileNetV2.builder().optWidth(o.width()).optEncoder(o.outputStride()).build());
        ENCODERS.put("resnet50", o -> ResNet.builder().optEncoder(o.outputStride()).build());
    }

    private Zoo() {}

    /** Builds a registered model (not yet initialised) with normalisation inside. */
    public static NormalizedModel create(String name, ModelOptions options) {
        Entry e = entry(name);
        return new NormalizedModel(new Normalize(e.mean(), e.std()), e.network().apply(options));
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
        return entry(name).task();
    }

    /** The square input side a registered model trains at by default. */
    public static int defaultInputSize(String name) {
        return entry(name).inputSize();
    }

    /** Input sides must be multiples of this: a segmenter's output stride (1 for classifiers). */
    public static int inputMultiple(String name, ModelOptions options) {
        return entry(name).inputMultiple().applyAsInt(options);
    }

    /** The parameter-name prefix of a model's classification layer ({@code fc.}, {@code classifier.} ...). */
    public static String headPrefix(String name) {
        return entry(name).headPrefix();
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
            StateDict.load(model.network(), file, LoadOptions.replacingHead(headPrefix(name)));
        }
    }

    private static Entry entry(String name) {
        Entry e = name == null ? null : MODELS.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; valid: " + String.join(", ", MODELS.keySet()));
        }
        return e;
    }
}
