package org.vocvision.model;

/** The classification head on top of a backbone's features. */
public enum HeadKind {
    /** The architecture's own torchvision/timm head, the one ImageNet weights carry. */
    STANDARD,
    /** Global average pooling -> dropout -> linear: the multi-label default (torchvision's for MobileNetV2, ResNet). */
    POOLED,
    /** The seed notebook's head: flatten -> dense 512 -> ReLU -> dropout -> linear (VGG and AlexNet only). */
    DENSE
}
