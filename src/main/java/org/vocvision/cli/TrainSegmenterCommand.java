package org.vocvision.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vocvision.data.Dataset;
import org.vocvision.data.Datasets;
import org.vocvision.data.Layout;
import org.vocvision.train.SegmenterRecipe;
import org.vocvision.train.SegmenterTraining;
import org.vocvision.train.TrainingResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vocvision train segmenter}: semantic segmentation, best checkpoint by val mIoU. */
@Command(
        name = "segmenter",
        mixinStandardHelpOptions = true,
        description = "Trains a segmenter (21 classes, void 255 ignored) on a stratified train part of the images"
                + " with masks, validates on the rest each epoch (best checkpoint by val mIoU) and writes"
                + " metrics.json, history.csv, curves and checkpoints into the run directory.",
        footer = {"", "Example:", "  vocvision train segmenter --data data/competition --model deeplabv3plus"
                + " --backbone mobilenet_v2 --output-stride 16 --crop 320 --epochs 30 --run runs/deeplab"})
final class TrainSegmenterCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "A competition or VOCdevkit data set.")
    Path data;

    @Option(names = "--layout", paramLabel = "voc|competition", converter = StatsCommand.LayoutConverter.class,
            description = "The layout of --data (default: recognised).")
    Layout layout;

    @Option(names = "--split", paramLabel = "NAME", description = "Labelled split to train on (default: the data set's).")
    String split;

    @Option(names = "--model", defaultValue = "deeplabv3plus", paramLabel = "NAME",
            description = "deeplabv3plus or unet (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--backbone", defaultValue = "mobilenet_v2", paramLabel = "NAME",
            description = "DeepLabV3+ encoder: mobilenet_v2 or resnet50 (default ${DEFAULT-VALUE}).")
    String backbone;

    @Option(names = "--output-stride", defaultValue = "16", paramLabel = "16|8", description = "Output stride (default ${DEFAULT-VALUE}).")
    int outputStride;

    @Option(names = "--weights", paramLabel = "FILE", description = "ImageNet .safetensors of the backbone.")
    Path weights;

    @Option(names = "--epochs", defaultValue = "30", paramLabel = "N", description = "Epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--crop", defaultValue = "320", paramLabel = "PX", description = "Training crop (default ${DEFAULT-VALUE}).")
    int crop;

    @Option(names = "--batch", defaultValue = "8", paramLabel = "N", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "0.01", paramLabel = "X", description = "Peak learning rate (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--optimizer", defaultValue = "sgd", paramLabel = "sgd|adamw",
            description = "SGD with momentum 0.9 and poly decay (default), or AdamW.")
    String optimizer;

    @Option(names = "--dice-weight", defaultValue = "0", paramLabel = "W", description = "Weight of a Dice loss term (default ${DEFAULT-VALUE}).")
    float diceWeight;

    @Option(names = "--width", defaultValue = "1.0", paramLabel = "W", description = "MobileNetV2 width multiplier (default ${DEFAULT-VALUE}).")
    float width;

    @Option(names = "--val-fraction", defaultValue = "0.2", paramLabel = "F", description = "Held-out share (default ${DEFAULT-VALUE}).")
    double valFraction;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "N", description = "Data loader threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--weight-decay", defaultValue = "1e-4", paramLabel = "X",
            description = "Weight decay, skipping biases and norms (default ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--patience", defaultValue = "5", paramLabel = "N", description = "Early-stopping patience in epochs (default ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--tta", description = "Horizontal-flip averaging when evaluating and predicting.")
    boolean tta;

    @CommandLine.Mixin FitOptionsMixin fit;

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "Run directory to write.")
    Path run;

    @Override
    public Integer call() throws IOException {
        Dataset dataset = Datasets.open(data, layout);
        SegmenterRecipe.Builder recipe = SegmenterRecipe.builder(model).optBackbone(backbone)
                .optOutputStride(outputStride).optWidth(width).optCrop(crop).optBatch(batch).optEpochs(epochs)
                .optLr(lr).optOptimizer(optimizer).optDiceWeight(diceWeight).optValFraction(valFraction)
                .optSeed(seed).optThreads(threads).optWeightDecay(weightDecay).optPatience(patience).optTta(tta)
                .optTransfer(fit.transfer()).optAdversarial(fit.adversarial());
        if (weights != null) {
            recipe.optWeights(weights.toString());
        }
        TrainingResult result = SegmenterTraining.run(dataset, split == null ? dataset.defaultSplit() : split,
                recipe.build(), run, fit.resume);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("val mIoU %.4f, val pixel accuracy %.4f; %.1f training images/s; run %s%n",
                result.metrics().get("val_miou"), result.metrics().get("val_pixel_acc"),
                result.trainImagesPerSecond(), run);
        out.flush();
        return 0;
    }
}
