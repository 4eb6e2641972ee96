package org.vocvision.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vocvision.data.Dataset;
import org.vocvision.data.Datasets;
import org.vocvision.data.Layout;
import org.vocvision.model.HeadKind;
import org.vocvision.train.ClassifierRecipe;
import org.vocvision.train.ClassifierTraining;
import org.vocvision.train.TrainingResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vocvision train classifier}: multi-label classification, best checkpoint by val mAP. */
@Command(
        name = "classifier",
        mixinStandardHelpOptions = true,
        description = "Trains a multi-label classifier (20 VOC classes) on a stratified train part of the labelled"
                + " split, validates on the rest each epoch (best checkpoint by val mAP), tunes per-class"
                + " thresholds and writes metrics.json, history.csv, curves and checkpoints into the run directory.",
        footer = {"", "Example:", "  vocvision train classifier --data data/competition --model mobilenet_v2"
                + " --weights mobilenet_v2.safetensors --epochs 20 --run runs/mnv2",
            "  vocvision train classifier --data data/competition --model resnet50 --weights resnet50.safetensors"
                    + " --freeze-epochs 3 --unfreeze last-block,all@8 --backbone-lr-mult 0.1 --run runs/r50"})
final class TrainClassifierCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "A competition or VOCdevkit data set.")
    Path data;

    @Option(names = "--layout", paramLabel = "voc|competition", converter = StatsCommand.LayoutConverter.class,
            description = "The layout of --data (default: recognised).")
    Layout layout;

    @Option(names = "--split", paramLabel = "NAME", description = "Labelled split to train on (default: the data set's).")
    String split;

    @Option(names = "--model", defaultValue = "mobilenet_v2", paramLabel = "NAME",
            description = "alexnet, vgg16, resnet50, resnet50v2 or mobilenet_v2 (default ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--weights", paramLabel = "FILE", description = "ImageNet .safetensors to start from (torchvision/timm naming).")
    Path weights;

    @Option(names = "--epochs", defaultValue = "30", paramLabel = "N", description = "Epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--image-size", paramLabel = "PX", description = "Input size (default 150 for alexnet, else 224).")
    Integer imageSize;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "N", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-3", paramLabel = "X", description = "Peak learning rate (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--optimizer", defaultValue = "adamw", paramLabel = "adamw|sgd", description = "Optimiser (default ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--width", defaultValue = "1.0", paramLabel = "W", description = "MobileNetV2 width multiplier (default ${DEFAULT-VALUE}).")
    float width;

    @Option(names = "--val-fraction", defaultValue = "0.2", paramLabel = "F", description = "Held-out share (default ${DEFAULT-VALUE}).")
    double valFraction;

    @Option(names = "--label-smoothing", defaultValue = "0", paramLabel = "S", description = "BCE label smoothing (default ${DEFAULT-VALUE}).")
    float labelSmoothing;

    @Option(names = "--patience", defaultValue = "5", paramLabel = "N", description = "Early-stopping patience in epochs (default ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "N", description = "Data loader threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--weight-decay", defaultValue = "1e-4", paramLabel = "X",
            description = "Weight decay, skipping biases and norms (default ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--dropout", paramLabel = "P", description = "Classifier dropout (default: the architecture's).")
    Float dropout;

    @Option(names = "--head", paramLabel = "POOLED|DENSE|STANDARD",
            description = "POOLED: global pool, dropout, linear (default); DENSE: the course notebook's flatten, dense 512,"
                    + " dropout (alexnet/vgg16); STANDARD: the ImageNet head (alexnet/vgg16).")
    HeadKind head;

    @Option(names = "--batch-norm", description = "Batch norm after every conv of alexnet/vgg16.")
    boolean batchNorm;

    @CommandLine.Mixin FitOptionsMixin fit;

    @Option(names = "--tta", description = "Horizontal-flip averaging when tuning thresholds and predicting.")
    boolean tta;

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "Run directory to write.")
    Path run;

    @Override
    public Integer call() throws IOException {
        Dataset dataset = Datasets.open(data, layout);
        ClassifierRecipe.Builder recipe = ClassifierRecipe.builder(model).optWidth(width).optBatch(batch)
                .optEpochs(epochs).optLr(lr).optOptimizer(optimizer).optValFraction(valFraction)
                .optLabelSmoothing(labelSmoothing).optPatience(patience).optSeed(seed).optThreads(threads).optTta(tta)
                .optWeightDecay(weightDecay).optDropout(dropout).optBatchNorm(batchNorm)
                .optTransfer(fit.transfer()).optAdversarial(fit.adversarial());
        if (head != null) {
            recipe.optHead(head);
        }
        if (imageSize != null) {
            recipe.optImageSize(imageSize);
        }
        if (weights != null) {
            recipe.optWeights(weights.toString());
        }
        TrainingResult result = ClassifierTraining.run(dataset, split == null ? dataset.defaultSplit() : split,
                recipe.build(), run, fit.resume);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("val mAP %.4f, val F1 %.4f (tuned thresholds); %.1f training images/s; run %s%n",
                result.metrics().get("val_map"), result.metrics().get("val_f1"), result.trainImagesPerSecond(), run);
        out.flush();
        return 0;
    }
}
