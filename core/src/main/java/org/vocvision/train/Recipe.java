package org.vocvision.train;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.vocvision.model.ModelOptions;
import org.vocvision.model.Zoo;
import org.vocvision.task.Task;
import org.vocvision.task.TrainingDefaults;

/**
 * How a model is trained, for either task (torchvision's {@code references/} arguments as one typed
 * record): the model and its options, input size, batch, epochs, optimiser, schedule, loss options,
 * regularisation, split and seed. This record IS the run's {@code config.json} and every checkpoint's
 * card, with the {@link Provenance} of the data it was trained on (Tribuo's idea): predict, attack and
 * resume read it back typed.
 *
 * @param task what the model predicts (the model's own task)
 * @param model a registered model name (model.Zoo)
 * @param modelOptions the model's architecture options (width, dropout, head, output stride, backbone, ...)
 * @param inputSize square training side: a classifier's image size, a segmenter's crop and the long side it
 *     predicts at
 * @param batch mini-batch size
 * @param epochs most epochs (early stopping may end sooner)
 * @param lr peak learning rate
 * @param weightDecay decoupled (AdamW) or L2 (SGD) weight decay, skipping biases and norms
 * @param optimizer "adamw" or "sgd" (momentum 0.9; Nesterov for classifiers)
 * @param schedule "cosine" (linear warm-up, then half a cosine to 0) or "poly" (power 0.9), per step
 * @param warmupEpochs warm-up epochs of the cosine schedule (skipped in runs of fewer than 3 epochs)
 * @param labelSmoothing BCE label smoothing in [0, 1) (classification)
 * @param diceWeight weight of a Dice term added to the cross-entropy (segmentation; 0: none)
 * @param patience early-stopping patience in epochs, on the task's main metric; 0 (the default) for none: the
 *     schedule runs to its end and the best epoch's checkpoint is kept (not tied to the epochs, so a resume
 *     with more epochs keeps the recipe)
 * @param seed seed of the split, the initialisation, the shuffling and the augmentation
 * @param threads batch-preparing worker threads (0: on the training thread)
 * @param valFraction share of the labelled images held out (stratified) for validation
 * @param weights a weights file (ImageNet, or a model's own) to start from, or null
 * @param tta horizontal-flip averaging when validating and predicting
 * @param ttaScales mixed-size test-time augmentation when validating and predicting: the input side's factors
 *     whose probabilities are averaged (with each one's mirror under {@code tta}); {@code [1]} for none
 * @param transfer freeze-then-fine-tune stages and the backbone's learning-rate multiplier
 * @param adversarial adversarial training (each batch attacked against the current weights), or null
 * @param onNonFinite "stop" (the default) or "skip": what a step with a NaN or infinite loss or gradient does
 *     ({@link OnNonFinite}); a resume may change it
 * @param layerDecay layer-wise learning-rate decay ({@link LayerDecay}): the head learns at the rate, each earlier
 *     backbone layer at the next one's rate times this; 1 (the default) for none
 * @param ema decay of an exponential moving average of the weights ({@link ExponentialMovingAverage}), validated and
 *     checkpointed as the model; 0 (the default) for none
 * @param provenance the data the run trained on and the software that trained it; null until training starts
 */
public record Recipe(Task task, String model, ModelOptions modelOptions, int inputSize, int batch, int epochs,
        double lr, double weightDecay, String optimizer, String schedule, int warmupEpochs, float labelSmoothing,
        float diceWeight, int patience, long seed, int threads, double valFraction, String weights, boolean tta,
        List<Double> ttaScales, TransferSettings transfer, AdversarialTraining.Config adversarial, String onNonFinite,
        Double layerDecay, double ema, Provenance provenance) {

    public Recipe {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(model, "model");
        modelOptions = modelOptions == null ? ModelOptions.defaults() : modelOptions;
        transfer = transfer == null ? TransferSettings.NONE : transfer;
        onNonFinite = onNonFinite == null ? OnNonFinite.STOP.toString() : onNonFinite; // config.json before the field
        ttaScales = ttaScales == null || ttaScales.isEmpty() ? List.of(1.0) : List.copyOf(ttaScales);
        layerDecay = layerDecay == null ? 1.0 : layerDecay; // config.json before the fields: no decay, no EMA
        List<String> problems = new ArrayList<>();
        if (!Zoo.task(model).equals(task.name())) {
            problems.add("--model " + model + " is a " + Zoo.task(model) + " model, not a " + task.name() + " one; valid: "
                    + String.join(", ", Zoo.names(task.name())));
        }
        int multiple = Zoo.inputMultiple(model, modelOptions);
        if (inputSize < 32 || inputSize % multiple != 0) {
            problems.add("the input size must be >= 32" + (multiple > 1 ? " and a multiple of " + multiple : "")
                    + ", got " + inputSize);
        }
        positive(problems, "--batch", batch);
        positive(problems, "--epochs", epochs);
        if (!(lr > 0)) {
            problems.add("--lr must be > 0, got " + lr);
        }
        if (!(weightDecay >= 0)) {
            problems.add("--weight-decay must be >= 0, got " + weightDecay);
        }
        if (!optimizer.equals("adamw") && !optimizer.equals("sgd")) {
            problems.add("--optimizer must be adamw or sgd, got " + optimizer);
        }
        if (!schedule.equals("cosine") && !schedule.equals("poly")) {
            problems.add("--schedule must be cosine or poly, got " + schedule);
        }
        if (warmupEpochs < 0) {
            problems.add("--warmup-epochs must be >= 0, got " + warmupEpochs);
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            problems.add("--label-smoothing must be in [0, 1), got " + labelSmoothing);
        }
        if (!(diceWeight >= 0)) {
            problems.add("--dice-weight must be >= 0, got " + diceWeight);
        }
        if (patience < 0) {
            problems.add("--patience must be >= 0, got " + patience);
        }
        if (threads < 0) {
            problems.add("--threads must be >= 0, got " + threads);
        }
        if (!(valFraction > 0 && valFraction < 1)) {
            problems.add("--val-fraction must be in (0, 1), got " + valFraction);
        }
        if (!onNonFinite.equals("stop") && !onNonFinite.equals("skip")) {
            problems.add("--on-nonfinite must be stop or skip, got " + onNonFinite);
        }
        for (double scale : ttaScales) {
            if (!(scale >= 0.25 && scale <= 4)) {
                problems.add("--tta-scales must be factors in [0.25, 4], got " + scale);
            }
        }
        if (!(layerDecay > 0 && layerDecay <= 1)) {
            problems.add("--layer-decay must be in (0, 1], got " + layerDecay);
        }
        if (!(ema >= 0 && ema < 1)) {
            problems.add("--ema must be in [0, 1) (0: none), got " + ema);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    private static void positive(List<String> problems, String flag, int value) {
        if (value <= 0) {
            problems.add(flag + " must be > 0, got " + value);
        }
    }

    /** Input sides must be multiples of this (a segmenter's output stride; 1 for classifiers). */
    @JsonIgnore
    public int inputMultiple() {
        return Zoo.inputMultiple(model, modelOptions);
    }

    /** The same recipe with the provenance of the data it trains on. */
    public Recipe withProvenance(Provenance p) {
        return new Recipe(task, model, modelOptions, inputSize, batch, epochs, lr, weightDecay, optimizer, schedule,
                warmupEpochs, labelSmoothing, diceWeight, patience, seed, threads, valFraction, weights, tta, ttaScales,
                transfer, adversarial, onNonFinite, layerDecay, ema, p);
    }

    /**
     * The defaults of the model's task for the situation (from scratch, or from {@code optWeights}; see
     * {@link Task#trainingDefaults(boolean)}) and the model's own input size; {@code opt*} setters change them.
     */
    public static Builder builder(String model) {
        if (!Zoo.names().contains(model)) {
            throw new IllegalArgumentException("--model " + model + " is not a registered model; valid: "
                    + String.join(", ", Zoo.names()));
        }
        return new Builder(model);
    }

    /** As {@link #builder(String)}, for a command that trains one task: other models are refused, naming its own. */
    public static Builder builder(Task task, String model) {
        if (!Zoo.names(task.name()).contains(model)) {
            throw new IllegalArgumentException("--model " + model + " is not a " + task.name() + " model; valid: "
                    + String.join(", ", Zoo.names(task.name())));
        }
        return new Builder(model);
    }

    /**
     * {@code opt*} setters over the task's {@link TrainingDefaults}. The defaults depend on whether weights are
     * given, so the training values left unset (null) are resolved in {@link #build}, whatever the setters' order.
     */
    public static final class Builder {
        private final String model;
        private final Task task;
        private ModelOptions modelOptions = ModelOptions.defaults();
        private int inputSize;
        private Integer batch;
        private int epochs;
        private Double lr;
        private Double weightDecay;
        private String optimizer;
        private String schedule;
        private Integer warmupEpochs;
        private float labelSmoothing;
        private float diceWeight;
        private Integer patience;
        private long seed = 42;
        private int threads = 2;
        private double valFraction = 0.2;
        private String weights;
        private boolean tta;
        private List<Double> ttaScales = List.of(1.0);
        private double layerDecay = 1;
        private double ema;
        private TransferSettings transfer = TransferSettings.NONE;
        private AdversarialTraining.Config adversarial;
        private String onNonFinite = OnNonFinite.STOP.toString();

        private Builder(String model) {
            this.model = model;
            this.task = Task.named(Zoo.task(model));
            this.inputSize = Zoo.defaultInputSize(model);
            epochs = task.trainingDefaults(false).epochs();
        }

        public Builder optModelOptions(ModelOptions modelOptions) {
            this.modelOptions = modelOptions;
            return this;
        }

        public Builder optInputSize(int inputSize) {
            this.inputSize = inputSize;
            return this;
        }

        public Builder optBatch(int batch) {
            this.batch = batch;
            return this;
        }

        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder optLr(double lr) {
            this.lr = lr;
            return this;
        }

        public Builder optWeightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        public Builder optOptimizer(String optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        public Builder optSchedule(String schedule) {
            this.schedule = schedule;
            return this;
        }

        public Builder optWarmupEpochs(int warmupEpochs) {
            this.warmupEpochs = warmupEpochs;
            return this;
        }

        public Builder optLabelSmoothing(float labelSmoothing) {
            this.labelSmoothing = labelSmoothing;
            return this;
        }

        public Builder optDiceWeight(float diceWeight) {
            this.diceWeight = diceWeight;
            return this;
        }

        public Builder optPatience(int patience) {
            this.patience = patience;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder optValFraction(double valFraction) {
            this.valFraction = valFraction;
            return this;
        }

        public Builder optWeights(String weights) {
            this.weights = weights;
            return this;
        }

        public Builder optTta(boolean tta) {
            this.tta = tta;
            return this;
        }

        /** Mixed-size TTA: factors of the input side whose probabilities are averaged (default {@code [1]}: none). */
        public Builder optTtaScales(List<Double> ttaScales) {
            this.ttaScales = ttaScales;
            return this;
        }

        /** Layer-wise learning-rate decay factor in (0, 1] (default 1: none). */
        public Builder optLayerDecay(double layerDecay) {
            this.layerDecay = layerDecay;
            return this;
        }

        /** Decay of the weights' exponential moving average in [0, 1) (default 0: none), e.g. 0.999. */
        public Builder optEma(double ema) {
            this.ema = ema;
            return this;
        }

        /** Freeze-then-fine-tune (default: everything trains from the start). */
        public Builder optTransfer(TransferSettings transfer) {
            this.transfer = transfer;
            return this;
        }

        /** Adversarial training (default: none). */
        public Builder optAdversarial(AdversarialTraining.Config adversarial) {
            this.adversarial = adversarial;
            return this;
        }

        /** "stop" (default) or "skip" a step whose loss or gradient is NaN or infinite. */
        public Builder optOnNonFinite(String onNonFinite) {
            this.onNonFinite = onNonFinite;
            return this;
        }

        public Recipe build() {
            TrainingDefaults d = task.trainingDefaults(weights != null);
            return new Recipe(task, model, modelOptions, inputSize, or(batch, d.batch()), epochs, or(lr, d.lr()),
                    or(weightDecay, d.weightDecay()), or(optimizer, d.optimizer()), or(schedule, d.schedule()),
                    or(warmupEpochs, d.warmupEpochs()), labelSmoothing, diceWeight, or(patience, 0), seed, threads,
                    valFraction, weights, tta, ttaScales, transfer, adversarial, onNonFinite, layerDecay, ema, null);
        }

        private static <T> T or(T value, T otherwise) {
            return value != null ? value : otherwise;
        }
    }
}
