package org.vocvision.model;

import java.net.URI;
import java.util.Locale;

/**
 * Published weights our models load (ImageNet-1K classifiers; torchvision's segmenters trained on COCO
 * images with the 20 VOC categories), with torchvision's {@code Weights} metadata
 * ({@code torchvision/models/*.py}, torchvision 0.14 and main) and timm's pretrained config
 * ({@code timm/models/resnetv2.py}).
 *
 * <p>torchvision publishes {@code torch.save} {@code .pth} files, which {@link WeightFile} reads as they are
 * (both the zip and the legacy format, with a restricted unpickler), so {@code --weights FILE} takes the
 * download directly; {@code weights convert} writes safetensors for those who want them. Their file names carry the first 8 hex digits of the file's SHA-256, which is
 * what torch.hub checks ({@code check_hash}); no full digest is published, so only the prefix is checked
 * here too. timm's Hugging Face repositories serve {@code model.safetensors} directly.
 */
public enum Weights {
    ALEXNET_IMAGENET1K_V1("alexnet", "https://download.pytorch.org/models/alexnet-owt-7be5be79.pth", "7be5be79",
            Licence.TORCHVISION, 233.087, Transform.torchvision(256), 56.522),
    VGG16_IMAGENET1K_V1("vgg16", "https://download.pytorch.org/models/vgg16-397923af.pth", "397923af",
            Licence.TORCHVISION, 527.796, Transform.torchvision(256), 71.592),
    RESNET50_IMAGENET1K_V1("resnet50", "https://download.pytorch.org/models/resnet50-0676ba61.pth", "0676ba61",
            Licence.TORCHVISION, 97.781, Transform.torchvision(256), 76.130),
    RESNET50_IMAGENET1K_V2("resnet50", "https://download.pytorch.org/models/resnet50-11ad3fa6.pth", "11ad3fa6",
            Licence.TORCHVISION, 97.79, Transform.torchvision(232), 80.858),
    MOBILENET_V2_IMAGENET1K_V1("mobilenet_v2", "https://download.pytorch.org/models/mobilenet_v2-b0353104.pth",
            "b0353104", Licence.TORCHVISION, 13.555, Transform.torchvision(256), 71.878),
    MOBILENET_V2_IMAGENET1K_V2("mobilenet_v2", "https://download.pytorch.org/models/mobilenet_v2-7ebf99e0.pth",
            "7ebf99e0", Licence.TORCHVISION, Double.NaN, Transform.torchvision(232), 72.154),
    // torchvision 0.14 and main convnext.py: ConvNeXt_Tiny/Small_Weights.IMAGENET1K_V1 (_weight_size, acc@1)
    CONVNEXT_TINY_IMAGENET1K_V1("convnext_tiny", "https://download.pytorch.org/models/convnext_tiny-983f1562.pth",
            "983f1562", Licence.TORCHVISION, 109.119, Transform.torchvision(236), 82.520),
    CONVNEXT_SMALL_IMAGENET1K_V1("convnext_small", "https://download.pytorch.org/models/convnext_small-0c510722.pth",
            "0c510722", Licence.TORCHVISION, 191.703, Transform.torchvision(230), 83.616),
    /** timm's default_cfgs: crop_pct 0.95, bicubic, IMAGENET_INCEPTION_MEAN/STD (0.5); no hash or size published in source. */
    RESNETV2_50_A1H_IN1K("resnet50v2", "https://huggingface.co/timm/resnetv2_50.a1h_in1k/resolve/main/model.safetensors",
            null, "apache-2.0 (timm default_cfgs)", Double.NaN,
            new Transform(235, 224, "bicubic", new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f}),
            Double.NaN),
    // timm's copies of torchvision's weights on the Hugging Face Hub: torchvision's names (ResNet) or timm's
    // VGG names that TimmNames maps back on loading; the published numbers are torchvision's own
    TIMM_RESNET50_TV_IN1K("resnet50", "https://huggingface.co/timm/resnet50.tv_in1k/resolve/main/model.safetensors",
            null, Licence.TORCHVISION, Double.NaN, Transform.torchvision(256), 76.130),
    TIMM_RESNET50_TV2_IN1K("resnet50", "https://huggingface.co/timm/resnet50.tv2_in1k/resolve/main/model.safetensors",
            null, Licence.TORCHVISION, Double.NaN, Transform.torchvision(232), 80.858),
    TIMM_RESNET101_TV_IN1K("resnet101", "https://huggingface.co/timm/resnet101.tv_in1k/resolve/main/model.safetensors",
            null, Licence.TORCHVISION, Double.NaN, Transform.torchvision(256), 77.374),
    TIMM_VGG16_TV_IN1K("vgg16", "https://huggingface.co/timm/vgg16.tv_in1k/resolve/main/model.safetensors",
            null, Licence.TORCHVISION, Double.NaN, Transform.torchvision(256), 71.592),
    // torchvision main's _file_size and _metrics; the 8-hex prefixes are the file names'
    MOBILENET_V3_LARGE_IMAGENET1K_V1("mobilenet_v3_large",
            "https://download.pytorch.org/models/mobilenet_v3_large-8738ca79.pth", "8738ca79", Licence.TORCHVISION,
            21.114, Transform.torchvision(256), 74.042),
    MOBILENET_V3_LARGE_IMAGENET1K_V2("mobilenet_v3_large",
            "https://download.pytorch.org/models/mobilenet_v3_large-5c1a4163.pth", "5c1a4163", Licence.TORCHVISION,
            21.107, Transform.torchvision(232), 75.274),
    RESNET101_IMAGENET1K_V1("resnet101", "https://download.pytorch.org/models/resnet101-63fe2227.pth", "63fe2227",
            Licence.TORCHVISION, 170.511, Transform.torchvision(256), 77.374),
    RESNET101_IMAGENET1K_V2("resnet101", "https://download.pytorch.org/models/resnet101-cd907fc2.pth", "cd907fc2",
            Licence.TORCHVISION, 170.53, Transform.torchvision(232), 81.886),
    DEEPLABV3_RESNET50_COCO_WITH_VOC_LABELS_V1("deeplabv3_resnet50",
            "https://download.pytorch.org/models/deeplabv3_resnet50_coco-cd0a2569.pth", "cd0a2569", Licence.COCO,
            160.515, Transform.segmentation(), Metric.miou(66.4)),
    DEEPLABV3_RESNET101_COCO_WITH_VOC_LABELS_V1("deeplabv3_resnet101",
            "https://download.pytorch.org/models/deeplabv3_resnet101_coco-586e9e4e.pth", "586e9e4e", Licence.COCO,
            233.217, Transform.segmentation(), Metric.miou(67.4)),
    DEEPLABV3_MOBILENET_V3_LARGE_COCO_WITH_VOC_LABELS_V1("deeplabv3_mobilenet_v3_large",
            "https://download.pytorch.org/models/deeplabv3_mobilenet_v3_large-fc3c493d.pth", "fc3c493d", Licence.COCO,
            42.301, Transform.segmentation(), Metric.miou(60.3)),
    FCN_RESNET50_COCO_WITH_VOC_LABELS_V1("fcn_resnet50",
            "https://download.pytorch.org/models/fcn_resnet50_coco-1167a1af.pth", "1167a1af", Licence.COCO,
            135.009, Transform.segmentation(), Metric.miou(60.5)),
    FCN_RESNET101_COCO_WITH_VOC_LABELS_V1("fcn_resnet101",
            "https://download.pytorch.org/models/fcn_resnet101_coco-7ecb50ca.pth", "7ecb50ca", Licence.COCO,
            207.711, Transform.segmentation(), Metric.miou(63.7)),
    LRASPP_MOBILENET_V3_LARGE_COCO_WITH_VOC_LABELS_V1("lraspp_mobilenet_v3_large",
            "https://download.pytorch.org/models/lraspp_mobilenet_v3_large-d234d4ea.pth", "d234d4ea", Licence.COCO,
            12.49, Transform.segmentation(), Metric.miou(57.9));

    /**
     * The metric the weights reach as published.
     *
     * @param name what is measured and on what, e.g. "top-1 (ImageNet-1K)", "mIoU (COCO-val2017-VOC-labels)"
     * @param percent its value in %; NaN when the source does not state it
     */
    public record Metric(String name, double percent) {

        static Metric top1(double percent) {
            return new Metric("top-1 (ImageNet-1K)", percent);
        }

        /** torchvision's {@code _metrics["COCO-val2017-VOC-labels"]["miou"]}. */
        static Metric miou(double percent) {
            return new Metric("mIoU (COCO-val2017-VOC-labels)", percent);
        }

        @Override
        public String toString() {
            return Double.isNaN(percent) ? "not stated" : String.format(Locale.ROOT, "%s %% %s", percent, name);
        }
    }

    /**
     * The evaluation transform the weights expect.
     *
     * @param resize shorter side before the crop
     * @param crop centre crop side
     */
    public record Transform(int resize, int crop, String interpolation, float[] mean, float[] std) {

        static Transform torchvision(int resize) {
            return new Transform(resize, 224, "bilinear", Normalize.IMAGENET_MEAN, Normalize.IMAGENET_STD);
        }

        /** torchvision's {@code SemanticSegmentation(resize_size=520)}: shorter side 520, no crop. */
        static Transform segmentation() {
            return new Transform(520, 0, "bilinear", Normalize.IMAGENET_MEAN, Normalize.IMAGENET_STD);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "resize %d (%s), %s, mean %s, std %s", resize, interpolation,
                    crop > 0 ? "centre crop " + crop : "no crop", java.util.Arrays.toString(mean),
                    java.util.Arrays.toString(std));
        }
    }

    private static final class Licence {
        static final String TORCHVISION = "BSD-3-Clause (torchvision); trained on ImageNet-1K, whose terms allow"
                + " non-commercial research use";
        static final String COCO = "BSD-3-Clause (torchvision); trained on COCO train2017 (images under Flickr's"
                + " terms, annotations CC BY 4.0) from an ImageNet-1K backbone (non-commercial research use)";
    }

    /**
     * One entry's metadata, as torchvision's {@code Weights} dataclass holds it (url, transforms, meta).
     *
     * @param model the {@link Zoo} name these weights fit
     * @param sha256Prefix hex prefix of the file's SHA-256 as published (torchvision's file name), or null when none is
     * @param sizeMiB file size in MiB as torchvision's {@code _file_size}; NaN when the source does not state it
     * @param metric the published metric: ImageNet-1K top-1 for classifiers, mIoU for segmenters
     */
    public record Card(String model, URI url, String sha256Prefix, String licence, double sizeMiB, Transform transform,
            Metric metric) {}

    private final Card card;

    Weights(String model, String url, String sha256Prefix, String licence, double sizeMiB, Transform transform,
            double top1) {
        this(model, url, sha256Prefix, licence, sizeMiB, transform, Metric.top1(top1));
    }

    Weights(String model, String url, String sha256Prefix, String licence, double sizeMiB, Transform transform,
            Metric metric) {
        this.card = new Card(model, URI.create(url), sha256Prefix, licence, sizeMiB, transform, metric);
    }

    public Card card() {
        return card;
    }

    /** The downloaded file's name: the URL's last segment, or MODEL.safetensors for Hugging Face's model.safetensors. */
    public String fileName() {
        String path = card.url().getPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.equals("model.safetensors") ? name().toLowerCase(Locale.ROOT) + ".safetensors" : last;
    }

    /** Looks a name up case-insensitively; unknown names list the valid ones. */
    public static Weights of(String name) {
        for (Weights w : values()) {
            if (w.name().equalsIgnoreCase(name)) {
                return w;
            }
        }
        StringBuilder valid = new StringBuilder();
        for (Weights w : values()) {
            valid.append(valid.length() == 0 ? "" : ", ").append(w.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException("unknown weights '" + name + "'; valid: " + valid);
    }
}
