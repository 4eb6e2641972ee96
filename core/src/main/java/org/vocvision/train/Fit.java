package org.vocvision.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vocvision.data.Batch;
import org.vocvision.data.BatchSource;
import org.vocvision.engine.Gradients;
import org.vocvision.engine.OfflineEngine;
import org.vocvision.engine.ProcessMemory;
import org.vocvision.run.Checkpoint;
import org.vocvision.run.CheckpointManifest;
import org.vocvision.run.EpochResult;
import org.vocvision.run.RunDir;
import org.vocvision.task.Evaluation;
import org.vocvision.task.Task;
import org.vocvision.train.Finetuning.Stage;

/**
 * The training loop shared by classification and segmentation (they differ only in model, loss and
 * {@link Task}, which gives the batch's labels and the {@link Evaluation}). Reads like Keras' {@code fit}:
 *
 * <pre>{@code
 * FitResult result = Fit.builder()
 *         .setModel(block).setLoss(new IgnoreIndexCrossEntropy()).setTask(Task.SEGMENTATION)
 *         .setOptimizer(new Sgd(0.9, true, 1e-4)).setSchedule(new LrSchedule.Poly(0.01))
 *         .optValidation(evaluation).addCallback(new BestCheckpoint("val_miou")).addCallback(new LastCheckpoint())
 *         .setRunDir(dir).build()
 *         .fit(train, 30);
 * }</pre>
 *
 * <p>Our own loop rather than DJL's EasyTrain: the optimiser skips decay on norms and biases, has a
 * per-parameter learning-rate multiplier and clipping, the frozen backbone forwards in inference
 * mode, and a resume restores the optimiser's moments exactly. Each step's arrays live in a
 * sub-NDManager closed after the step. Epoch e reseeds the engine with
 * {@code seed + e}, so a resumed run draws the same dropout masks as an uninterrupted one. A step whose
 * loss or gradient is NaN or infinite never reaches the optimiser: it stops the run, naming the epoch and
 * step, or is skipped and counted ({@link OnNonFinite}). Optionally each parameter's rate is scaled by its
 * layer's depth ({@link LayerDecay}), and an {@link ExponentialMovingAverage} of the weights, updated after every
 * optimiser step, is what validation measures and what every checkpoint carries beside the training weights.
 */
public final class Fit {

    private static final Logger LOG = LoggerFactory.getLogger(Fit.class);
    private static final NDIndex ALL = new NDIndex("...");

    private final Block model;
    private final Loss loss;
    private final Task task;
    private final Optimizer optimizer;
    private final LrSchedule schedule;
    private final Evaluation evaluation;
    private final List<Callback> callbacks;
    private final Path runDir;
    private final long seed;
    private final double clipNorm;
    private final Finetuning finetuning;
    private final AdversarialTraining.Config adversarial;
    private final JsonNode card;
    private final Path resumeFrom;
    private final OnNonFinite onNonFinite;
    private final LayerDecay layerDecay;
    private final double emaDecay;
    private NDManager manager;
    private ExponentialMovingAverage ema;

    private final List<EpochResult> history = new ArrayList<>();
    private final Set<String> pendingCheckpoints = new LinkedHashSet<>();
    private List<TrainableParameter> trainable;
    private Stage stage;
    private long step;
    private long skippedSteps;
    private int completedEpochs;
    private double lrScale = 1;
    private double lastScheduled = Double.NaN;
    private double lastLr = Double.NaN;
    private boolean stopRequested;
    private boolean used;

    private Fit(Builder b) {
        model = b.model;
        loss = b.loss;
        task = b.task;
        optimizer = b.optimizer;
        schedule = b.schedule;
        evaluation = b.evaluation;
        callbacks = List.copyOf(b.callbacks);
        runDir = b.runDir;
        seed = b.seed;
        clipNorm = b.clipNorm;
        finetuning = b.finetuning;
        adversarial = b.adversarial;
        card = b.card;
        resumeFrom = b.resumeFrom;
        onNonFinite = b.onNonFinite;
        layerDecay = b.layerDecay;
        emaDecay = b.emaDecay;
        manager = b.manager;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains up to {@code epochs} epochs in total (a resumed run continues from its checkpoint's
     * epoch) and returns the history; validates after every epoch when the fit has an evaluation.
     */
    public FitResult fit(BatchSource train, int epochs) throws IOException {
        if (used) {
            throw new IllegalStateException("a Fit runs once; build a new one (with optResumeFrom) to continue");
        }
        used = true;
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs must be > 0, got " + epochs);
        }
        OfflineEngine.start();
        Engine.getInstance().setRandomSeed((int) seed);
        prepareModel(train);
        if (runDir != null) {
            Files.createDirectories(runDir);
        }
        if (emaDecay > 0) {
            ema = new ExponentialMovingAverage(model, emaDecay);
        }
        if (resumeFrom != null) {
            resume();
        }
        applyStage(completedEpochs, true);
        ParameterStore store = new ParameterStore(manager, false);
        Control control = new Control();
        for (Callback callback : callbacks) {
            callback.onTrainBegin(control);
        }
        for (int epoch = completedEpochs; epoch < epochs && !stopRequested; epoch++) {
            Engine.getInstance().setRandomSeed((int) (seed + epoch));
            applyStage(epoch, false);
            long start = System.nanoTime();
            long skippedBefore = skippedSteps;
            double trainLoss = trainEpoch(train, store, epoch, epochs);
            if (skippedSteps > skippedBefore) {
                LOG.warn("epoch {}: skipped {} steps with a non-finite loss or gradient; the training loss is the mean of"
                        + " the others", epoch + 1, skippedSteps - skippedBefore);
            }
            LinkedHashMap<String, Double> metrics = validate();
            Double valLoss = metrics.remove("val_loss");
            EpochResult result = new EpochResult(epoch + 1, lastLr, trainLoss, valLoss == null ? Double.NaN : valLoss, metrics,
                    (System.nanoTime() - start) / 1e9, ProcessMemory.residentMb());
            history.add(result);
            completedEpochs = epoch + 1;
            LOG.info(describe(result, epochs));
            for (Callback callback : callbacks) {
                callback.onEpochEnd(result, control);
            }
            for (String name : pendingCheckpoints) {
                // state() hands out copies in the model's long-lived manager: close them, or every
                // checkpoint leaks the optimiser's moments (found as ~9 MiB of RSS per epoch)
                try (NDList state = optimizer.state(); NDList average = ema == null ? null : ema.state()) {
                    Checkpoint.write(new RunDir(runDir).checkpoint(name), manifest(), model, state, average);
                }
            }
            pendingCheckpoints.clear();
        }
        for (Callback callback : callbacks) {
            callback.onTrainEnd(control);
        }
        return new FitResult(history, stopRequested, skippedSteps);
    }

    /**
     * The evaluation's metrics; with a moving average of the weights, the average's (what the callbacks
     * monitor and the checkpoints' model), and the training weights' as {@code raw_<metric>}.
     */
    private LinkedHashMap<String, Double> validate() {
        if (evaluation == null) {
            return new LinkedHashMap<>();
        }
        if (ema == null) {
            return evaluation.evaluate(model, manager);
        }
        LinkedHashMap<String, Double> raw = evaluation.evaluate(model, manager);
        LinkedHashMap<String, Double> metrics;
        ema.swapIn();
        try {
            metrics = evaluation.evaluate(model, manager);
        } finally {
            ema.swapOut();
        }
        raw.forEach((k, v) -> metrics.put("raw_" + k, v));
        return metrics;
    }

    private void prepareModel(BatchSource train) {
        if (manager == null) {
            List<Parameter> parameters = model.getParameters().values();
            manager = !parameters.isEmpty() && parameters.get(0).isInitialized()
                    ? parameters.get(0).getArray().getManager()
                    : OfflineEngine.newManager(); // lives as long as the model it holds
        }
        if (!model.isInitialized()) {
            try (BatchSource.EpochBatches batches = train.epoch(0)) {
                if (!batches.hasNext()) {
                    throw new IllegalArgumentException("the training data has no batches");
                }
                Batch first = batches.next();
                model.initialize(manager, DataType.FLOAT32, new Shape(1, 3, first.height(), first.width()));
            }
        }
    }

    private double trainEpoch(BatchSource train, ParameterStore store, int epoch, int epochs) {
        double sum = 0;
        long samples = 0;
        int done = 0;
        ProgressBar bar = ProgressBar.start(epoch, epochs, train.batchesPerEpoch());
        try (BatchSource.EpochBatches batches = train.epoch(epoch)) {
            while (batches.hasNext()) {
                Batch batch = batches.next();
                lastScheduled = schedule.unit() == LrSchedule.Unit.STEP
                        ? schedule.learningRate(step, (long) epochs * train.batchesPerEpoch())
                        : schedule.learningRate(epoch, epochs);
                lastLr = lastScheduled * lrScale;
                done++;
                String where = String.format(Locale.ROOT, "epoch %d, step %d of %d (step %d of the run, learning rate %.3g)",
                        epoch + 1, done, train.batchesPerEpoch(), step + 1, lastLr);
                float value = trainStep(batch, store, lastLr, where);
                step++;
                if (!Float.isNaN(value)) {
                    sum += (double) value * batch.size();
                    samples += batch.size();
                }
                bar.update(done, samples == 0 ? Double.NaN : sum / samples, samples);
            }
        } finally {
            bar.finish();
        }
        return samples == 0 ? Double.NaN : sum / samples;
    }

    /**
     * One optimiser step; returns the batch's loss, or NaN for a step skipped because its loss or
     * gradient was not finite (which with {@link OnNonFinite#STOP} throws instead).
     */
    private float trainStep(Batch batch, ParameterStore store, double lr, String where) {
        try (NDManager sub = manager.newSubManager()) {
            NDArray images = batch.images(sub);
            NDArray labels = task.labels(batch, sub);
            if (adversarial != null) {
                // the attack clears the parameter gradients its own backward filled (attack.InputGradient)
                images = AdversarialTraining.perturbBatch(model, images, task.goal(batch, sub), adversarial);
            }
            for (TrainableParameter p : trainable) {
                // getGradient() makes a new handle on the parameter's manager each call: close it
                try (NDArray gradient = p.parameter().getArray().getGradient()) {
                    Gradients.zero(gradient); // clears NaN too, unlike DJL's g.subi(g)
                }
            }
            // the forward updates batch-norm running statistics in place: a skipped step puts them back
            List<NDArray> statistics = onNonFinite == OnNonFinite.SKIP ? runningStatistics() : List.of();
            NDList before = new NDList();
            for (NDArray statistic : statistics) {
                NDArray copy = statistic.duplicate();
                copy.attach(sub);
                before.add(copy);
            }
            float value;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray output = model.forward(store, new NDList(images), true).head();
                NDArray lossValue = loss.evaluate(new NDList(labels), new NDList(output));
                collector.backward(lossValue);
                value = lossValue.getFloat();
            }
            String bad = !Float.isFinite(value) ? "loss " + value
                    : gradientsFinite() ? null : "gradient (loss " + value + ")";
            if (bad != null) {
                if (onNonFinite == OnNonFinite.STOP) {
                    throw new IllegalStateException("non-finite training " + bad + " at " + where + "; stopped before"
                            + " the optimiser step, checkpoints already written are unchanged. Lower the learning rate,"
                            + " look for NaN or infinite pixels in the data, or skip such steps (--on-nonfinite skip)");
                }
                for (int i = 0; i < statistics.size(); i++) {
                    statistics.get(i).set(ALL, before.get(i));
                }
                skippedSteps++;
                LOG.warn("skipped a step with a non-finite {} at {} ({} skipped so far)", bad, where, skippedSteps);
                return Float.NaN;
            }
            if (clipNorm > 0) {
                GradientClipping.clipGlobalNorm(trainable, clipNorm);
            }
            optimizer.step(trainable, lr);
            if (ema != null) {
                ema.update();
            }
            return value;
        }
    }

    /** Whether every trainable gradient is finite: one sum over all of them, one read (NaN and inf propagate). */
    private boolean gradientsFinite() {
        try (NDScope scope = new NDScope()) {
            NDArray total = null;
            for (TrainableParameter p : trainable) {
                NDArray sum = p.parameter().getArray().getGradient().sum();
                total = total == null ? sum : total.add(sum);
            }
            scope.suppressNotUsedWarning();
            return total == null || Float.isFinite(total.getFloat());
        }
    }

    private List<NDArray> runningStatistics() {
        List<NDArray> list = new ArrayList<>();
        for (Parameter p : model.getParameters().values()) {
            if (isRunningStatistic(p) && p.isInitialized()) {
                list.add(p.getArray());
            }
        }
        return list;
    }

    /** Sets which parameters train (and with which lr multiplier) for the stage in force at epoch. */
    private void applyStage(int epoch, boolean force) {
        Stage now = finetuning == null ? Stage.ALL : finetuning.at(epoch);
        if (!force && now == stage) {
            return;
        }
        stage = now;
        Set<Parameter> backbone = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Parameter> lastBlock = Collections.newSetFromMap(new IdentityHashMap<>());
        if (finetuning != null) {
            finetuning.parts().backbone().forEach(b -> backbone.addAll(b.getParameters().values()));
            finetuning.parts().lastBlock().forEach(b -> lastBlock.addAll(b.getParameters().values()));
        }
        Map<Parameter, Double> decayed = layerDecay == null ? Map.of() : layerDecay.multipliers();
        List<TrainableParameter> list = new ArrayList<>();
        var parameters = model.getParameters();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.valueAt(i);
            if (isRunningStatistic(p)) {
                continue; // never trainable: unfreezing them crashes training (DJL-NOTES.md)
            }
            boolean inBackbone = backbone.contains(p);
            boolean trains = !inBackbone || stage == Stage.ALL || (stage == Stage.LAST_BLOCK && lastBlock.contains(p));
            p.freeze(!trains);
            if (trains) {
                double multiplier = (inBackbone ? finetuning.backboneLrMultiplier() : 1.0)
                        * decayed.getOrDefault(p, 1.0);
                list.add(new TrainableParameter(parameters.keyAt(i), p, multiplier,
                        TrainableParameter.decaysByDefault(p)));
            }
        }
        if (finetuning != null) {
            finetuning.parts().backboneInference().accept(stage != Stage.ALL);
            LOG.info("epoch {}: stage {}, {} of {} parameter tensors train", epoch + 1, stage, list.size(),
                    parameters.size());
        }
        trainable = list;
    }

    /** The weights' moving average, or null without one (for tests). */
    ExponentialMovingAverage ema() {
        return ema;
    }

    /** The parameters the optimiser updates now, with their learning-rate multipliers (for tests). */
    List<TrainableParameter> trainable() {
        return trainable;
    }

    private static boolean isRunningStatistic(Parameter p) {
        return p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR;
    }

    private CheckpointManifest manifest() {
        Map<String, JsonNode> states = new LinkedHashMap<>();
        for (int i = 0; i < callbacks.size(); i++) {
            JsonNode state = callbacks.get(i).state();
            if (state != null) {
                states.put(callbackKey(i), state);
            }
        }
        return new CheckpointManifest(CheckpointManifest.FORMAT, card, null, completedEpochs, step, lrScale, seed,
                finetuning == null ? null : stage.name(), states, history, Instant.now().toString());
    }

    private String callbackKey(int index) {
        return index + ":" + callbacks.get(index).getClass().getSimpleName();
    }

    private void resume() throws IOException {
        Checkpoint.Contents contents = Checkpoint.read(resumeFrom, model, manager);
        CheckpointManifest m = contents.manifest();
        completedEpochs = m.epoch();
        step = m.step();
        lrScale = m.lrScale();
        history.addAll(m.history());
        for (int i = 0; i < callbacks.size(); i++) {
            JsonNode state = m.callbacks().get(callbackKey(i));
            if (state != null) {
                callbacks.get(i).restore(state);
            }
        }
        // the optimiser's state may name parameters of any stage: offer all of them
        List<TrainableParameter> all = new ArrayList<>();
        var parameters = model.getParameters();
        for (int i = 0; i < parameters.size(); i++) {
            all.add(new TrainableParameter(parameters.keyAt(i), parameters.valueAt(i), 1, false));
        }
        optimizer.loadState(contents.optimizerState(), all);
        contents.optimizerState().close();
        if (ema != null) {
            if (contents.ema() == null) {
                throw new IllegalArgumentException(resumeFrom + ": the run kept no moving average of its weights;"
                        + " resume it without --ema");
            }
            ema.load(contents.ema(), resumeFrom);
        }
        if (contents.ema() != null) {
            contents.ema().close();
        }
        LOG.info("resumed from {} after epoch {} (step {})", resumeFrom, completedEpochs, step);
    }

    private static String describe(EpochResult r, int epochs) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d lr %.3g train_loss %.4g",
                r.epoch(), epochs, r.lr(), r.trainLoss()));
        if (!Double.isNaN(r.valLoss())) {
            line.append(String.format(Locale.ROOT, " val_loss %.4g", r.valLoss()));
        }
        r.metrics().forEach((k, v) -> line.append(String.format(Locale.ROOT, " %s %.4g", k, v)));
        return line.append(String.format(Locale.ROOT, " (%.1f s, RSS %.0f MiB)", r.seconds(), r.rssMb())).toString();
    }

    /** What callbacks see. */
    private final class Control implements FitControl {
        @Override
        public double learningRate() {
            return lastLr;
        }

        @Override
        public void setLearningRate(double lr) {
            if (!(lr > 0) || Double.isNaN(lastScheduled) || lastScheduled <= 0) {
                throw new IllegalArgumentException("cannot set learning rate " + lr + " (scheduled " + lastScheduled + ")");
            }
            lrScale = lr / lastScheduled;
            lastLr = lr;
        }

        @Override
        public void stopTraining() {
            stopRequested = true;
        }

        @Override
        public void requestCheckpoint(String name) {
            if (runDir == null) {
                throw new IllegalStateException("checkpoint '" + name + "' requested but the fit has no run directory");
            }
            pendingCheckpoints.add(name);
        }

        @Override
        public Path runDir() {
            return runDir;
        }

        @Override
        public Block model() {
            return model;
        }

        @Override
        public NDManager manager() {
            return manager;
        }

        @Override
        public List<EpochResult> history() {
            return Collections.unmodifiableList(history);
        }
    }

    /** Builds a {@link Fit}: {@code set*} required, {@code opt*} optional (DJL's convention). */
    public static final class Builder {
        private Block model;
        private Loss loss;
        private Task task;
        private Optimizer optimizer;
        private LrSchedule schedule;
        private Evaluation evaluation;
        private final List<Callback> callbacks = new ArrayList<>();
        private Path runDir;
        private long seed = 42;
        private double clipNorm;
        private Finetuning finetuning;
        private AdversarialTraining.Config adversarial;
        private JsonNode card;
        private Path resumeFrom;
        private OnNonFinite onNonFinite = OnNonFinite.STOP;
        private LayerDecay layerDecay;
        private double emaDecay;
        private NDManager manager;

        private Builder() {}

        /** The model; initialised from the first batch's shape if it is not yet. */
        public Builder setModel(Block model) {
            this.model = model;
            return this;
        }

        public Builder setLoss(Loss loss) {
            this.loss = loss;
            return this;
        }

        /** What the model predicts: which labels the loss sees, and adversarial training's goal. */
        public Builder setTask(Task task) {
            this.task = task;
            return this;
        }

        public Builder setOptimizer(Optimizer optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        public Builder setSchedule(LrSchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /** Measures the model on held-out images after every epoch (the task makes it). */
        public Builder optValidation(Evaluation evaluation) {
            this.evaluation = evaluation;
            return this;
        }

        public Builder addCallback(Callback callback) {
            callbacks.add(Objects.requireNonNull(callback, "callback"));
            return this;
        }

        /** Where history.csv, figures/ and checkpoints/ go. */
        public Builder setRunDir(Path runDir) {
            this.runDir = runDir;
            return this;
        }

        /** Seed for parameter initialisation and per-epoch randomness (default 42). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Clips the global L2 norm of all gradients to maxNorm (torch clip_grad_norm_). */
        public Builder optGradientClipping(double maxNorm) {
            if (!(maxNorm > 0)) {
                throw new IllegalArgumentException("gradient clipping norm must be > 0, got " + maxNorm);
            }
            this.clipNorm = maxNorm;
            return this;
        }

        public Builder optFinetuning(Finetuning finetuning) {
            this.finetuning = finetuning;
            return this;
        }

        /**
         * Trains on adversarial versions of each batch (Madry et al. 2018; FGSM with random start,
         * Wong et al. 2020) made against the current weights; null (the default) trains on clean batches.
         */
        public Builder optAdversarialTraining(AdversarialTraining.Config adversarial) {
            this.adversarial = adversarial;
            return this;
        }

        /** The recipe (config.json) written into every checkpoint as its card. */
        public Builder optCard(JsonNode card) {
            this.card = card;
            return this;
        }

        /** Continues the run saved in this checkpoint (usually checkpoints/last.ckpt). */
        public Builder optResumeFrom(Path checkpoint) {
            this.resumeFrom = checkpoint;
            return this;
        }

        /** What a step with a NaN or infinite loss or gradient does (default {@link OnNonFinite#STOP}). */
        public Builder optOnNonFinite(OnNonFinite onNonFinite) {
            this.onNonFinite = Objects.requireNonNull(onNonFinite, "onNonFinite");
            return this;
        }

        /** Layer-wise learning-rate decay (default: none); multiplies with the fine-tuning's backbone multiplier. */
        public Builder optLayerDecay(LayerDecay layerDecay) {
            this.layerDecay = layerDecay;
            return this;
        }

        /**
         * Keeps an exponential moving average of the weights with this decay in (0, 1), e.g. 0.999
         * ({@link ExponentialMovingAverage}), updated after every optimiser step, validated as the model and
         * saved in every checkpoint; 0 (the default): none.
         */
        public Builder optEma(double decay) {
            if (!(decay >= 0 && decay < 1)) {
                throw new IllegalArgumentException("--ema must be in [0, 1) (0: none), got " + decay);
            }
            this.emaDecay = decay;
            return this;
        }

        /** The manager for the model's parameters when Fit initialises it. */
        public Builder optManager(NDManager manager) {
            this.manager = manager;
            return this;
        }

        public Fit build() {
            List<String> missing = new ArrayList<>();
            if (model == null) {
                missing.add("model");
            }
            if (loss == null) {
                missing.add("loss");
            }
            if (task == null) {
                missing.add("task");
            }
            if (optimizer == null) {
                missing.add("optimizer");
            }
            if (schedule == null) {
                missing.add("schedule");
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("Fit needs " + String.join(", ", missing));
            }
            return new Fit(this);
        }
    }
}
