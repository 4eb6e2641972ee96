package org.vocvision.cli;

import org.vocvision.model.HeadKind;
import org.vocvision.model.ModelOptions;
import org.vocvision.task.Task;
import org.vocvision.train.Recipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vocvision train classifier}: multi-label classification, best checkpoint by val mAP. */
@Command(
        name = "classifier",
        mixinStandardHelpOptions = true,
        description = "Trains a multi-label classifier (20 VOC classes) on a stratified train part of the labelled"
                + " split, validates on the rest each epoch as predict would (best checkpoint by val mAP), tunes"
                + " per-class thresholds and writes metrics.json, history.csv, curves and checkpoints into the run"
                + " directory.",
        footer = {"", "Examples:", "  vocvision train classifier --data data/competition --model mobilenet_v2 \\",
            "      --weights mobilenet_v2_imagenet1k_v2.pth --epochs 20 --run runs/mnv2",
            "  vocvision train classifier --data data/competition --model resnet50 --weights resnet50.safetensors \\",
            "      --freeze-epochs 3 --unfreeze last-block,all@8 --backbone-lr-mult 0.1 --run runs/r50"})
final class TrainClassifierCommand extends TrainTaskCommand {

    @Option(names = "--model", defaultValue = "mobilenet_v2", paramLabel = "NAME",
            completionCandidates = ModelNames.Classifiers.class,
            description = "A classifier of the registry: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--image-size", paramLabel = "PX", description = "Input size (default 150 for alexnet, else 224).")
    Integer imageSize;

    @Option(names = "--label-smoothing", defaultValue = "0", paramLabel = "S", description = "BCE label smoothing (default ${DEFAULT-VALUE}).")
    float labelSmoothing;

    @Mixin ModelOptionsMixin.ClassifierHead classifierHead;

    TrainClassifierCommand() {
        super("val mAP %.3f, val F1 %.3f (tuned thresholds)", "val_map", "val_f1_tuned");
    }

    @Override
    Recipe.Builder recipe() {
        ModelOptions options = ModelOptions.defaults().withWidth(train.width.value)
                .withDropout(classifierHead.dropout)
                .withHead(classifierHead.head == null ? HeadKind.POOLED : classifierHead.head)
                .withBatchNorm(classifierHead.batchNorm);
        Recipe.Builder recipe = train.recipe(Task.CLASSIFICATION, model, options).optLabelSmoothing(labelSmoothing);
        if (imageSize != null) {
            recipe.optInputSize(imageSize);
        }
        return recipe;
    }
}
