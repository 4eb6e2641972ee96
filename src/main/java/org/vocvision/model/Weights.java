package org.vocvision.model;

import java.net.URI;
import java.util.Locale;

/**
 * Published ImageNet-1K weights our models load, with torchvision's {@code Weights} metadata
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
    /** timm's default_cfgs: crop_pct 0.95, bicubic, IMAGENET_INCEPTION_MEAN/STD (0.5); no hash or size published in source. */
    RESNETV2_50_A1H_IN1K("resnet50v2", "https://huggingface.co/timm/resnetv2_50.a1h_in1k/resolve/main/model.safetensors",
            null, "apache-2.0 (timm default_cfgs)", Double.NaN,
            new Transform(235, 224, "bicubic", new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.5f, 0.5f, 0.5f}),
            Double.NaN);

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

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "resize %d (%s), centre crop %d, mean %s, std %s", resize, interpolation,
                    crop, java.util.Arrays.toString(mean), java.util.Arrays.toString(std));
        }
    }

    private static final class Licence {
        static final String TORCHVISION = "BSD-3-Clause (torchvision); trained on ImageNet-1K, whose terms allow"
                + " non-commercial research use";
    }

    private final String model;
    private final URI url;
    private final String sha256Prefix;
    private final String licence;
    private final double sizeMiB;
    private final Transform transform;
    private final double top1;

    Weights(String model, String url, String sha256Prefix, String licence, double sizeMiB, Transform transform,
            double top1) {
        this.model = model;
        this.url = URI.create(url);
        this.sha256Prefix = sha256Prefix;
        this.licence = licence;
        this.sizeMiB = sizeMiB;
        this.transform = transform;
        this.top1 = top1;
    }

    /** The {@link Zoo} name these weights fit. */
    public String model() {
        return model;
    }

    public URI url() {
        return url;
    }

    /** Hex prefix of the file's SHA-256 as published (torchvision's file name), or null when none is. */
    public String sha256Prefix() {
        return sha256Prefix;
    }

    public String licence() {
        return licence;
    }

    /** File size in MiB as torchvision's {@code _file_size}; NaN when the source does not state it. */
    public double sizeMiB() {
        return sizeMiB;
    }

    public Transform transform() {
        return transform;
    }

    /** ImageNet-1K top-1 accuracy (%) as published; NaN when the source does not state it. */
    public double top1() {
        return top1;
    }

    /** The downloaded file's name: the URL's last segment, or MODEL.safetensors for Hugging Face's model.safetensors. */
    public String fileName() {
        String path = url.getPath();
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
