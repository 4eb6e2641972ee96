package org.vocvision.cli;

import org.vocvision.model.ModelOptions;
import org.vocvision.task.Task;
import org.vocvision.train.Recipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vocvision train segmenter}: semantic segmentation, best checkpoint by val mIoU. */
@Command(
        name = "segmenter",
        mixinStandardHelpOptions = true,
        description = "Trains a segmenter (21 classes, void 255 ignored) on the images with masks of a stratified train"
                + " part of the labelled split, validates each epoch on the held-out images with masks at their own"
                + " size, as predict segments them (best checkpoint by val mIoU), and writes metrics.json,"
                + " history.csv, curves, overlays and checkpoints into the run directory.",
        footer = {"", "Example:", "  vocvision train segmenter --data data/competition --model deeplabv3plus \\",
            "      --backbone mobilenet_v2 --output-stride 16 --crop 320 --epochs 30 --run runs/deeplab"})
final class TrainSegmenterCommand extends TrainTaskCommand {

    @Option(names = "--model", defaultValue = "deeplabv3plus", paramLabel = "NAME",
            completionCandidates = ModelNames.Segmenters.class,
            description = "A segmenter of the registry: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    String model;

    @Mixin ModelOptionsMixin.Encoder encoder;

    @Option(names = "--crop", paramLabel = "PX", description = "Training crop, and the long side predict segments at (default 320).")
    Integer crop;

    @Option(names = "--dice-weight", defaultValue = "0", paramLabel = "W", description = "Weight of a Dice loss term (default ${DEFAULT-VALUE}).")
    float diceWeight;

    TrainSegmenterCommand() {
        super("val mIoU %.3f, val pixel accuracy %.3f", "val_miou", "val_pixel_acc");
    }

    @Override
    Recipe.Builder recipe() {
        ModelOptions options = ModelOptions.defaults().withBackbone(encoder.backbone)
                .withOutputStride(encoder.outputStride).withWidth(train.width.value);
        Recipe.Builder recipe = train.recipe(Task.SEGMENTATION, model, options).optDiceWeight(diceWeight);
        if (crop != null) {
            recipe.optInputSize(crop);
        }
        return recipe;
    }
}
