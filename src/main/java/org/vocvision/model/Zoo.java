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
     * @param headPrefix parameter-name prefix of the classification layer, dropped from weight files whose
     *     head does not fit
     */
    record Entry(Function<ModelOptions, Block> network, String headPrefix, float[] mean, float[] std) {
        Entry(Function<ModelOptions, Block> network, String headPrefix) {
            this(network, headPrefix, Normalize.IMAGENET_MEAN, Normalize.IMAGENET_STD);
        }
    }

    /** timm's IMAGENET_INCEPTION_MEAN/STD, the default_cfgs of resnetv2 (its weights expect them). */
    private static final float[] INCEPTION = {0.5f, 0.5f, 0.5f};

    private static final Map<String, Entry> MODELS = new LinkedHashMap<>();
    private static final Map<String, Function<ModelOptions, Block>> ENCODERS = new LinkedHashMap<>();

    static {
        MODELS.put("alexnet", new Entry(o -> AlexNet.builder().optNumClasses(o.classes(CLASSIFICATION_CLASSES))
                .optDropout(o.dropout(0.5f)).optBatchNorm(o.batchNorm()).optHead(o.headOr(HeadKind.POOLED))
                .build(), "classifier."));
        MODELS.put("vgg16", new Entry(o -> Vgg.builder().optNumClasses(o.classes(CLASSIFICATION_CLASSES))
                .optDropout(o.dropout(0.5f)).optBatchNorm(o.batchNorm()).optHead(o.headOr(HeadKind.POOLED))
                .build(), "classifier."));
        MODELS.put("resnet50", new Entry(o -> {
            o.pooledOnly("resnet50");
            return ResNet.builder().optNumClasses(o.classes(CLASSIFICATION_CLASSES)).optDropout(o.dropout(0f)).build();
        }, "fc."));
        MODELS.put("resnet50v2", new Entry(o -> {
            o.pooledOnly("resnet50v2");
            return ResNetV2.builder().optNumClasses(o.classes(CLASSIFICATION_CLASSES)).optDropout(o.dropout(0f))
                    .build();
        }, "head.fc.", INCEPTION, INCEPTION));
        MODELS.put("mobilenet_v2", new Entry(o -> {
            o.pooledOnly("mobilenet_v2");
            return MobileNetV2.builder().optWidth(o.width()).optNumClasses(o.classes(CLASSIFICATION_CLASSES))
                    .optDropout(o.dropout(0.2f)).build();
        }, "classifier."));
        MODELS.put("deeplabv3plus", new Entry(o -> DeepLabV3Plus.builder()
                .setEncoder(encoder(o.backbone(), o))
                .optNumClasses(o.classes(SEGMENTATION_CLASSES))
                .optOutputStride(o.outputStride())
                .build(), "classifier.2."));
        MODELS.put("unet", new Entry(o -> new UNet(o.classes(SEGMENTATION_CLASSES),
                o.width() > 1 ? Math.round(o.width()) : 32, 4), "head."));

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

    /** Backbones that can serve as a DeepLabV3+ encoder. */
    public static List<String> encoderNames() {
        return List.copyOf(ENCODERS.keySet());
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
        Entry e = MODELS.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; valid: " + String.join(", ", MODELS.keySet()));
        }
        return e;
    }
}
