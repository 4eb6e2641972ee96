package org.vocvision.bench;

import java.util.List;
import org.vocvision.attack.Task;

/**
 * One model benchmarked at one batch and input size, as {@code bench/torch_bench.py} names it: the
 * results are {@code <name>_train} and {@code <name>_infer}.
 *
 * @param name the case's name, shared with the PyTorch script
 * @param model the Zoo model
 * @param backbone the DeepLabV3+ encoder, or null
 * @param batch images per step
 * @param size square input side
 * @param task what the loss compares: 20 class targets (BCE) or a 21-class mask (cross-entropy)
 */
public record BenchCase(String name, String model, String backbone, int batch, int size, Task task) {

    /** The cases: torchvision's input sizes, AlexNet at the course notebook's 150 px. */
    public static final List<BenchCase> MODELS = List.of(
            new BenchCase("mobilenet_v2", "mobilenet_v2", null, 16, 224, Task.CLASSIFICATION),
            new BenchCase("resnet50", "resnet50", null, 16, 224, Task.CLASSIFICATION),
            new BenchCase("alexnet", "alexnet", null, 32, 150, Task.CLASSIFICATION),
            new BenchCase("deeplabv3plus_mobilenet_v2", "deeplabv3plus", "mobilenet_v2", 8, 320, Task.SEGMENTATION));

    /** The data path's case name: decode, augment and batch at 224 px. */
    public static final String DATA_PATH = "data_path_224";

    /** The named model case. */
    public static BenchCase named(String name) {
        return MODELS.stream().filter(c -> c.name.equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown bench case '" + name + "'; valid: "
                        + MODELS.stream().map(BenchCase::name).toList() + " and " + DATA_PATH));
    }
}
