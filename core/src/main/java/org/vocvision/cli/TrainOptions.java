package org.vocvision.cli;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.vocvision.attack.EpsList;
import org.vocvision.data.Dataset;
import org.vocvision.model.ModelOptions;
import org.vocvision.run.RunDir;
import org.vocvision.task.Task;
import org.vocvision.train.AdversarialTraining;
import org.vocvision.train.Recipe;
import org.vocvision.train.TrainingResult;
import org.vocvision.train.Training;
import org.vocvision.train.TransferSettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options both {@code train} commands share. Numbers the user leaves out come from the model's task
 * (train.Recipe's defaults), so each command's help names them.
 */
final class TrainOptions {

    @Mixin DataOptions data;

    @Option(names = "--split", paramLabel = "NAME", description = "Labelled split to train on (default: the data set's).")
    String split;

    @Option(names = "--weights", paramLabel = "FILE",
            description = "Weights to start from: ImageNet weights of the model or its backbone (torch.save .pth/.pt/.bin or .safetensors).")
    Path weights;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default 30).")
    Integer epochs;

    @Option(names = "--batch", paramLabel = "N", description = "Batch size (default: classifier 16 from scratch, 32 with --weights; segmenter 8).")
    Integer batch;

    @Option(names = "--lr", paramLabel = "X", description = "Peak learning rate (default from scratch: 1e-3 classifier, 3e-3 segmenter; with --weights: 1e-4 classifier,"
            + " 0.01 segmenter; see docs/RECIPES.md).")
    Double lr;

    @Option(names = "--optimizer", paramLabel = "adamw|sgd",
            description = "AdamW or SGD with momentum 0.9 (default: AdamW, but SGD for a segmenter with --weights).")
    String optimizer;

    @Option(names = "--schedule", paramLabel = "cosine|poly",
            description = "Warm-up then cosine, or DeepLab's poly (default: cosine, but poly for a segmenter with"
                    + " --weights).")
    String schedule;

    @Option(names = "--warmup-epochs", paramLabel = "N",
            description = "Linear warm-up epochs of the cosine schedule, from lr/steps to lr step by step (default:"
                    + " the task's; skipped in runs of fewer than 3 epochs).")
    Integer warmupEpochs;

    @Option(names = "--layer-decay", defaultValue = "1", paramLabel = "F",
            description = "Layer-wise learning-rate decay: the head learns at --lr, the backbone's last layer (stage) at"
                    + " F times it, each earlier one F times the next, e.g. 0.7 (default ${DEFAULT-VALUE}: none).")
    double layerDecay;

    @Option(names = "--ema", defaultValue = "0", paramLabel = "D",
            description = "Keep an exponential moving average of the weights with decay D (e.g. 0.999), updated every"
                    + " step, validated, checkpointed and predicted with as the model (default ${DEFAULT-VALUE}: none).")
    double ema;

    @Option(names = "--weight-decay", paramLabel = "X",
            description = "Weight decay, skipping biases and norms (default 1e-4).")
    Double weightDecay;

    @Mixin ModelOptionsMixin.Width width;

    @Option(names = "--drop-path", paramLabel = "P",
            description = "Stochastic depth: the deepest residual block's drop probability while training, earlier blocks'"
                    + " growing linearly to it (default: the architecture's, 0.1 convnext_tiny, 0.4 convnext_small;"
                    + " ignored by models without such blocks).")
    Float dropPath;

    @Option(names = "--patience", paramLabel = "N", description = "Early-stopping patience in epochs (default 0: none, the"
            + " schedule runs to its end and the best epoch is kept).")
    Integer patience;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Mixin TrainingDataOptions trainingData;

    @Mixin TtaOptions tta;

    @Option(names = "--freeze-epochs", defaultValue = "0", paramLabel = "N",
            description = "Train the head only for N epochs (backbone frozen, its batch norm in eval mode) (default ${DEFAULT-VALUE}).")
    int freezeEpochs;

    @Option(names = "--unfreeze", paramLabel = "STAGES",
            description = "Stages after --freeze-epochs: last-block and/or all, each optionally @EPOCH (0-based),"
                    + " e.g. last-block,all@8 (default: all at once).")
    String unfreeze;

    @Option(names = "--backbone-lr-mult", defaultValue = "1.0", paramLabel = "X",
            description = "Learning-rate factor of the unfrozen backbone; 0.1 is common for pretrained weights (default ${DEFAULT-VALUE}).")
    double backboneLrMultiplier;

    @Option(names = "--adversarial", paramLabel = "fgsm-rs|pgd",
            description = "Adversarial training: each batch is attacked (L-inf) against the current weights and trained on"
                    + " (fgsm-rs: Wong et al. 2020; pgd: Madry et al. 2018).")
    String adversarial;

    @Option(names = "--adv-eps", defaultValue = "2/255", paramLabel = "EPS",
            description = "L-inf budget of adversarial training in [0,1] pixels (default ${DEFAULT-VALUE}).")
    String adversarialEps;

    @Option(names = "--adv-steps", defaultValue = "7", paramLabel = "N",
            description = "PGD steps of adversarial training, each eps/4 (default ${DEFAULT-VALUE}).")
    int adversarialSteps;

    @Option(names = "--on-nonfinite", defaultValue = "stop", paramLabel = "stop|skip",
            description = "A step whose loss or gradient is NaN or infinite: stop the run with its epoch and step (the"
                    + " checkpoints stay as they were), or skip the step and count it in metrics.json (default ${DEFAULT-VALUE}).")
    String onNonFinite;

    @Mixin ResumeOrForce existing;

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "Run directory to write.")
    Path run;

    /** The recipe for {@code model}: the task's defaults, overridden by what the user gave. */
    Recipe.Builder recipe(Task task, String model, ModelOptions options) {
        ModelOptions modelOptions = dropPath == null ? options : options.withDropPath(dropPath);
        Recipe.Builder r = Recipe.builder(task, model).optModelOptions(modelOptions).optValFraction(trainingData.valFraction)
                .optSeed(seed)
                .optThreads(trainingData.threads).optTta(tta.flip).optTransfer(new TransferSettings(freezeEpochs, unfreeze, backboneLrMultiplier))
                .optAdversarial(adversarial()).optOnNonFinite(onNonFinite).optLayerDecay(layerDecay).optEma(ema)
                .optTtaScales(tta.scales);
        ifGiven(epochs, r::optEpochs);
        ifGiven(batch, r::optBatch);
        ifGiven(lr, r::optLr);
        ifGiven(optimizer, r::optOptimizer);
        ifGiven(schedule, r::optSchedule);
        ifGiven(warmupEpochs, r::optWarmupEpochs);
        ifGiven(weightDecay, r::optWeightDecay);
        ifGiven(patience, r::optPatience);
        ifGiven(weights, w -> r.optWeights(w.toString()));
        return r;
    }

    /** Hands {@code value} to {@code setter} where the user gave it; otherwise the recipe's default stays. */
    private static <T> void ifGiven(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    /** Trains {@code recipe} on the data set into --run. */
    TrainingResult train(Recipe recipe) throws java.io.IOException {
        existing.prepare(run);
        new RunDir(run).requireFresh(existing.resume);
        Dataset dataset = data.open();
        return Training.run(dataset, split == null ? dataset.defaultSplit() : split, recipe, run, existing.resume);
    }

    /** The adversarial-training settings, or null without --adversarial. */
    private AdversarialTraining.Config adversarial() {
        if (adversarial == null) {
            return null;
        }
        return AdversarialTraining.Config.of(adversarial, EpsList.parseOne(adversarialEps.trim(), "--adv-eps"),
                adversarialSteps);
    }
}
