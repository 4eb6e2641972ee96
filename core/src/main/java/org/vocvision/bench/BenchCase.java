package org.vocvision.bench;

import java.util.List;
import org.vocvision.model.HeadKind;
import org.vocvision.model.ModelOptions;
import org.vocvision.model.Zoo;
import org.vocvision.task.Task;

/**
 * One model benchmarked at one batch and input size, as {@code bench/torch_bench.py} names it: the
 * results are {@code <name>_train} and {@code <name>_infer}.
 *
 * @param name the case's name, shared with the PyTorch script
 * @param model the Zoo model
 * @param options its architecture options, as torchvision builds the same network
 * @param batch images per step
 * @param size square input side
 */
public record BenchCase(String name, String model, ModelOptions options, int batch, int size) {

    /**
     * The cases: torchvision's input sizes, AlexNet at the course notebook's 150 px and with its
     * own 4096-4096 classifier (vocvision's default head for it is the lighter pooled one); for the others
     * the pooled head is torchvision's.
     */
    public static final List<BenchCase> MODELS = List.of(
            new BenchCase("mobilenet_v2", "mobilenet_v2", ModelOptions.defaults(), 16, 224),
            new BenchCase("resnet50", "resnet50", ModelOptions.defaults(), 16, 224),
            new BenchCase("alexnet", "alexnet", ModelOptions.defaults().withHead(HeadKind.STANDARD), 32, 150),
            new BenchCase("deeplabv3plus_mobilenet_v2", "deeplabv3plus",
                    ModelOptions.defaults().withBackbone("mobilenet_v2").withOutputStride(16), 8, 320),
            // issue 16: torchvision's convnext_tiny, stochastic depth 0.1 as its builder's default on both sides
            new BenchCase("convnext_tiny", "convnext_tiny", ModelOptions.defaults(), 16, 224));

    /** What the model predicts: the loss compares 20 class targets (BCE) or a 21-class mask (cross-entropy). */
    public Task task() {
        return Task.named(Zoo.task(model));
    }

    /** The data path's case name: decode, augment and batch at 224 px. */
    public static final String DATA_PATH = "data_path_224";

    /** The named model case. */
    public static BenchCase named(String name) {
        return MODELS.stream().filter(c -> c.name.equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown bench case '" + name + "'; valid: "
                        + MODELS.stream().map(BenchCase::name).toList() + " and " + DATA_PATH));
    }
}
