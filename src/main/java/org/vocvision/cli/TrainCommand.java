package org.vocvision.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vocvision.data.Dataset;
import org.vocvision.data.Datasets;
import org.vocvision.train.ClassifierRecipe;
import org.vocvision.train.ClassifierTraining;
import org.vocvision.train.SegmenterRecipe;
import org.vocvision.train.SegmenterTraining;
import org.vocvision.train.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vocvision train classifier|segmenter}: the training pipelines. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a classifier or a segmenter; the run directory gets config.json, history.csv,"
                + " checkpoints/, figures/ and metrics.json.",
        subcommands = {TrainCommand.Classifier.class, TrainCommand.Segmenter.class})
final class TrainCommand implements Runnable {

    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "classifier", mixinStandardHelpOptions = true,
            description = "Train a multi-label classifier (BCE with pos_weight, AdamW, cosine), tune thresholds on val.",
            footer = {"", "Example:", "  vocvision train classifier --data voc --model mobilenet_v2 --weights mnv2.safetensors"
                    + " --epochs 20 --run runs/mnv2"})
    static final class Classifier implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--data", required = true, description = "data set directory (VOC or competition layout)") Path data;
        @Option(names = "--split", description = "labelled split to train on (default: the data set's default)") String split;
        @Option(names = "--model", required = true, description = "classifier name, e.g. alexnet, mobilenet_v2, resnet50") String model;
        @Option(names = "--weights", description = "ImageNet weights (safetensors) to start from") Path weights;
        @Option(names = "--epochs", defaultValue = "30", description = "most epochs (default ${DEFAULT-VALUE})") int epochs;
        @Option(names = "--image-size", description = "input side in pixels (default 150 for alexnet, else 224)") Integer imageSize;
        @Option(names = "--batch", defaultValue = "32", description = "batch size (default ${DEFAULT-VALUE})") int batch;
        @Option(names = "--lr", defaultValue = "1e-3", description = "peak learning rate (default ${DEFAULT-VALUE})") double lr;
        @Option(names = "--optimizer", defaultValue = "adamw", description = "adamw or sgd (default ${DEFAULT-VALUE})") String optimizer;
        @Option(names = "--width", defaultValue = "1", description = "MobileNetV2 width multiplier (default ${DEFAULT-VALUE})") float width;
        @Option(names = "--run", defaultValue = "runs/classifier", description = "run directory (default ${DEFAULT-VALUE})") Path run;
        @Option(names = "--seed", defaultValue = "42", description = "seed (default ${DEFAULT-VALUE})") long seed;
        @Option(names = "--threads", defaultValue = "2", description = "batch worker threads (default ${DEFAULT-VALUE})") int threads;
        @Option(names = "--tta", description = "flip averaging when predicting the val part") boolean tta;

        @Override
        public Integer call() throws IOException {
            Dataset dataset = Datasets.open(data, null);
            ClassifierRecipe.Builder recipe = ClassifierRecipe.builder(model).optEpochs(epochs).optBatch(batch).optLr(lr)
                    .optOptimizer(optimizer).optWidth(width).optSeed(seed).optThreads(threads).optTta(tta)
                    .optWeights(weights == null ? null : weights.toString());
            if (imageSize != null) {
                recipe.optImageSize(imageSize);
            }
            TrainingResult result = ClassifierTraining.run(dataset, split != null ? split : dataset.defaultSplit(),
                    recipe.build(), run);
            spec.commandLine().getOut().printf("val mAP %.4f, val F1 %.4f (tuned thresholds) after %d epochs; run in %s%n",
                    result.metrics().get("val_map"), result.metrics().get("val_f1"),
                    result.metrics().get("epochs").intValue(), run);
            return 0;
        }
    }

    @Command(name = "segmenter", mixinStandardHelpOptions = true,
            description = "Train a segmenter (CE ignoring void, SGD momentum 0.9, poly schedule) on the images with masks.",
            footer = {"", "Example:", "  vocvision train segmenter --data voc --model deeplabv3plus --backbone mobilenet_v2"
                    + " --weights mnv2.safetensors --epochs 30 --crop 320 --run runs/deeplab"})
    static final class Segmenter implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--data", required = true, description = "data set directory (VOC or competition layout)") Path data;
        @Option(names = "--split", description = "labelled split to train on (default: the data set's default)") String split;
        @Option(names = "--model", defaultValue = "deeplabv3plus", description = "deeplabv3plus or unet (default ${DEFAULT-VALUE})") String model;
        @Option(names = "--backbone", defaultValue = "mobilenet_v2", description = "mobilenet_v2 or resnet50 (default ${DEFAULT-VALUE})") String backbone;
        @Option(names = "--output-stride", defaultValue = "16", description = "16 or 8 (default ${DEFAULT-VALUE})") int outputStride;
        @Option(names = "--weights", description = "ImageNet weights of the encoder (safetensors)") Path weights;
        @Option(names = "--epochs", defaultValue = "30", description = "most epochs (default ${DEFAULT-VALUE})") int epochs;
        @Option(names = "--crop", defaultValue = "320", description = "training crop side (default ${DEFAULT-VALUE})") int crop;
        @Option(names = "--batch", defaultValue = "8", description = "batch size (default ${DEFAULT-VALUE})") int batch;
        @Option(names = "--lr", defaultValue = "0.01", description = "base learning rate (default ${DEFAULT-VALUE})") double lr;
        @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd or adamw (default ${DEFAULT-VALUE})") String optimizer;
        @Option(names = "--dice", defaultValue = "0", description = "weight of a Dice loss term (default ${DEFAULT-VALUE})") float dice;
        @Option(names = "--width", defaultValue = "1", description = "MobileNetV2 width; U-Net base width when > 1 (default ${DEFAULT-VALUE})") float width;
        @Option(names = "--run", defaultValue = "runs/segmenter", description = "run directory (default ${DEFAULT-VALUE})") Path run;
        @Option(names = "--seed", defaultValue = "42", description = "seed (default ${DEFAULT-VALUE})") long seed;
        @Option(names = "--threads", defaultValue = "2", description = "batch worker threads (default ${DEFAULT-VALUE})") int threads;

        @Override
        public Integer call() throws IOException {
            Dataset dataset = Datasets.open(data, null);
            SegmenterRecipe recipe = SegmenterRecipe.builder(model).optBackbone(backbone).optOutputStride(outputStride)
                    .optEpochs(epochs).optCrop(crop).optBatch(batch).optLr(lr).optOptimizer(optimizer).optDiceWeight(dice)
                    .optWidth(width).optSeed(seed).optThreads(threads)
                    .optWeights(weights == null ? null : weights.toString()).build();
            TrainingResult result = SegmenterTraining.run(dataset, split != null ? split : dataset.defaultSplit(), recipe, run);
            spec.commandLine().getOut().printf("val mIoU %.4f, pixel accuracy %.4f after %d epochs; run in %s%n",
                    result.metrics().get("val_miou"), result.metrics().get("val_pixel_acc"),
                    result.metrics().get("epochs").intValue(), run);
            return 0;
        }
    }
}
