package org.vocvision.model;

/**
 * Architecture settings for {@link Zoo#create}; a null means "the architecture's own default".
 *
 * @param numClasses outputs (default 20 for classifiers, 21 for segmentation)
 * @param width MobileNetV2's width multiplier (and ConvNeXt's, for reduced models); the U-Net's base width when above 1
 * @param dropout classifier dropout (default: torchvision's for that architecture)
 * @param batchNorm batch norm after every conv of AlexNet/VGG
 * @param head classification head (default {@link HeadKind#POOLED})
 * @param outputStride segmentation output stride, 8 or 16
 * @param backbone DeepLabV3+ encoder: one of {@link Zoo#encoderNames()}
 * @param dropPath stochastic depth: the deepest residual block's drop probability while training, the others'
 *     growing linearly to it (default: the architecture's, e.g. torchvision's 0.1 for convnext_tiny, 0.4 for
 *     convnext_small; models without residual branches to drop ignore it)
 */
public record ModelOptions(Integer numClasses, float width, Float dropout, boolean batchNorm, HeadKind head,
        int outputStride, String backbone, Float dropPath) {

    /** The options without a drop-path setting (the architecture's default). */
    public ModelOptions(Integer numClasses, float width, Float dropout, boolean batchNorm, HeadKind head,
            int outputStride, String backbone) {
        this(numClasses, width, dropout, batchNorm, head, outputStride, backbone, null);
    }

    public static ModelOptions defaults() {
        return new ModelOptions(null, 1f, null, false, HeadKind.POOLED, 16, "mobilenet_v2", null);
    }

    public ModelOptions withNumClasses(Integer n) {
        return new ModelOptions(n, width, dropout, batchNorm, head, outputStride, backbone, dropPath);
    }

    public ModelOptions withWidth(float w) {
        return new ModelOptions(numClasses, w, dropout, batchNorm, head, outputStride, backbone, dropPath);
    }

    public ModelOptions withDropout(Float d) {
        return new ModelOptions(numClasses, width, d, batchNorm, head, outputStride, backbone, dropPath);
    }

    public ModelOptions withBatchNorm(boolean bn) {
        return new ModelOptions(numClasses, width, dropout, bn, head, outputStride, backbone, dropPath);
    }

    public ModelOptions withHead(HeadKind h) {
        return new ModelOptions(numClasses, width, dropout, batchNorm, h, outputStride, backbone, dropPath);
    }

    public ModelOptions withOutputStride(int os) {
        return new ModelOptions(numClasses, width, dropout, batchNorm, head, os, backbone, dropPath);
    }

    public ModelOptions withBackbone(String b) {
        return new ModelOptions(numClasses, width, dropout, batchNorm, head, outputStride, b, dropPath);
    }

    public ModelOptions withDropPath(Float p) {
        return new ModelOptions(numClasses, width, dropout, batchNorm, head, outputStride, backbone, p);
    }

    int classes(int fallback) {
        return numClasses == null ? fallback : numClasses;
    }

    float dropout(float fallback) {
        return dropout == null ? fallback : dropout;
    }

    float dropPath(float fallback) {
        return dropPath == null ? fallback : dropPath;
    }

    HeadKind headOr(HeadKind fallback) {
        return head == null ? fallback : head;
    }

    /** Rejects the DENSE head where the architecture has no flatten-to-dense layout. */
    HeadKind pooledOnly(String model) {
        HeadKind h = headOr(HeadKind.POOLED);
        if (h == HeadKind.DENSE) {
            throw new IllegalArgumentException("head DENSE is only for alexnet and vgg16, not " + model);
        }
        return h;
    }
}
