package org.vocvision.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.vocvision.model.FloatNpy;
import org.vocvision.model.HeadKind;
import org.vocvision.model.Logits;
import org.vocvision.model.Zoo;
import org.vocvision.task.Task;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vocvision logits}: raw eval-mode logits of a network with a weight file, to compare with PyTorch. */
@Command(name = "logits", mixinStandardHelpOptions = true,
        description = "Raw logits (eval mode) of --model with --weights on an already-normalised float32"
                + " N x 3 x H x W .npy input; writes float32 .npy: N x C for classifiers, N x C x H x W for"
                + " segmenters (torchvision's model(x)[\"out\"]). The ImageNet head (--head STANDARD) and"
                + " 1000 classes are the defaults for classifiers, 21 classes for segmenters.",
        footer = {"", "Example:", "  vocvision logits --model mobilenet_v2 --weights mnv2.safetensors --input x.npy --out y.npy"})
final class LogitsCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, completionCandidates = ModelNames.All.class,
            description = "A registered model: ${COMPLETION-CANDIDATES}.")
    String model;

    @Option(names = "--weights", required = true, description = ".pth/.pt/.bin (torch.save) or .safetensors in torchvision/timm naming")
    Path weights;

    @Option(names = "--input", required = true, description = "float32 .npy, N x 3 x H x W, already normalised")
    Path input;

    @Option(names = "--out", required = true, description = "where to write the logits (.npy)")
    Path out;

    @Mixin ModelOptionsMixin options;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (options.numClasses == null) { // logits of the published weights' head
            options.numClasses = Task.named(Zoo.task(model)).publishedClasses();
        }
        if (options.classifierHead.head == null) {
            options.classifierHead.head = HeadKind.STANDARD;
        }
        FloatNpy.Array logits = Logits.compute(model, options.toOptions(), weights, FloatNpy.read(input));
        FloatNpy.write(logits, out);
        spec.commandLine().getOut().println("wrote " + Arrays.toString(logits.shape()) + " logits to " + out);
        return 0;
    }
}
