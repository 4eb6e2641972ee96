package org.vocvision.model;

import ai.djl.nn.Block;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Everything the rest of vocvision needs to know about a registered model (timm's {@code pretrained_cfg}
 * with torchvision's {@code Weights.meta}): nothing outside {@link Zoo} switches on a model's name.
 *
 * @param task what it predicts: "classification" or "segmentation"
 * @param network builds the raw network (no normalisation) from the options
 * @param headPrefix parameter-name prefix of the last (class) layer, dropped from weight files whose head
 *     does not fit
 * @param mean the per-channel mean its weights expect (normalisation is inside the model)
 * @param std the per-channel standard deviation its weights expect
 * @param inputSize the square input side it trains at by default
 * @param outputStride input sides must be multiples of it: a segmenter's output stride (1 for classifiers)
 * @param backbone module paths of the pretrained feature extractor (empty: none, nothing to freeze)
 * @param lastStage module paths of the backbone's last stage, which fine-tuning unfreezes first
 */
public record ModelSpec(String task, Function<ModelOptions, Block> network, String headPrefix, float[] mean,
        float[] std, int inputSize, ToIntFunction<ModelOptions> outputStride, List<String> backbone,
        Function<ModelOptions, List<String>> lastStage) {

    /** An ImageNet classifier at torchvision's 224 px and mean/std. */
    static ModelSpec classifier(Function<ModelOptions, Block> network, String headPrefix, List<String> backbone,
            Function<ModelOptions, List<String>> lastStage) {
        return new ModelSpec(Zoo.CLASSIFICATION, network, headPrefix, Normalize.IMAGENET_MEAN, Normalize.IMAGENET_STD,
                224, o -> 1, backbone, lastStage);
    }

    /** A segmenter with ImageNet mean/std. */
    static ModelSpec segmenter(Function<ModelOptions, Block> network, String headPrefix, int inputSize,
            ToIntFunction<ModelOptions> outputStride, List<String> backbone,
            Function<ModelOptions, List<String>> lastStage) {
        return new ModelSpec(Zoo.SEGMENTATION, network, headPrefix, Normalize.IMAGENET_MEAN, Normalize.IMAGENET_STD,
                inputSize, outputStride, backbone, lastStage);
    }

    ModelSpec withInputSize(int size) {
        return new ModelSpec(task, network, headPrefix, mean, std, size, outputStride, backbone, lastStage);
    }

    ModelSpec withNormalization(float[] m, float[] s) {
        return new ModelSpec(task, network, headPrefix, m, s, inputSize, outputStride, backbone, lastStage);
    }

    /** Whether it has a pretrained feature extractor that transfer learning can freeze. */
    public boolean hasBackbone() {
        return !backbone.isEmpty();
    }
}
