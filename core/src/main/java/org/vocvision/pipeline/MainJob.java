package org.vocvision.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vocvision.attack.AttackParams;
import org.vocvision.attack.AttackReport;
import org.vocvision.attack.AttackSettings;
import org.vocvision.data.ClassStatistics;
import org.vocvision.data.Dataset;
import org.vocvision.model.ModelOptions;
import org.vocvision.report.HtmlReport;
import org.vocvision.report.RunSummary;
import org.vocvision.run.RunDir;
import org.vocvision.submit.RunPrediction;
import org.vocvision.submit.Score;
import org.vocvision.submit.Scorer;
import org.vocvision.submit.Submission;
import org.vocvision.train.JobProgress;
import org.vocvision.train.Recipe;
import org.vocvision.train.TrainedModel;
import org.vocvision.train.Training;
import org.vocvision.train.TrainingResult;

/**
 * The main job, end to end on one data set: class statistics, a MobileNetV2 classifier and a
 * DeepLabV3+-MobileNetV2 segmenter trained on the SAME stratified train part (so neither is scored on an
 * image it trained on), the test split's submission.csv, the local competition score of the held-out
 * part (classification rows on every held-out image, segmentation rows on those with masks), FGSM and
 * PGD-10 sweeps of both models on held-out images, and report.html.
 */
public final class MainJob {

    /** Budgets of the closing attack sweeps (pixel units in [0,1]) and how many held-out images they use. */
    static final List<Double> ATTACK_EPS = List.of(0.0, 2.0 / 255, 4.0 / 255, 8.0 / 255);
    static final int ATTACK_IMAGES = 8;

    /**
     * What to run.
     *
     * @param classifierEpochs the classifier's epochs
     * @param segmenterEpochs the segmenter's epochs
     * @param imageSize classifier input and segmenter crop
     * @param width MobileNetV2 width multiplier of both models
     * @param valFraction share of the labelled split held out
     * @param seed seed of the split, the models and the attacks
     * @param threads loader threads
     */
    public record Settings(int classifierEpochs, int segmenterEpochs, int imageSize, float width, double valFraction, long seed, int threads) {}

    /** What it made. */
    public record Result(ClassStatistics statistics, TrainingResult classifier, TrainingResult segmenter,
            RunPrediction.Result submission, Score score, Score allNegative, int heldOutImages, List<AttackReport> attacks,
            Path report, RunSummary summary) {}

    /** Where it tells what it is doing. */
    public interface Listener {
        void statistics(Dataset dataset, String split, ClassStatistics stats);

        void trained(String what, TrainingResult result);

        void submitted(RunPrediction.Result submission);

        /** The held-out part's local score and, on the same rows, an empty submission's. */
        void scored(Score score, Score allNegative, int heldOutImages);

        void attacked(String what, AttackReport report);

        /** The job is done: its summary has each number beside its baselines. */
        void finished(Result result);
    }

    private MainJob() {}

    /** The stages of {@link #run}, in order, for the progress line. */
    static final List<String> STAGES = List.of("statistics", "classifier", "segmenter", "submission", "local score",
            "attacks", "report");

    /** A fresh job: refuses a directory holding an earlier one's models. */
    public static Result run(Dataset dataset, Path runDir, Settings s, Listener listener) throws IOException {
        return run(dataset, runDir, s, listener, false);
    }

    /**
     * With {@code resume}, continues an interrupted job in {@code runDir}: a model whose training finished
     * (its metrics.json) is reused, one interrupted continues from its last checkpoint, and the stages after
     * training run again (they are quick and read only the models).
     */
    public static Result run(Dataset dataset, Path runDir, Settings s, Listener listener, boolean resume)
            throws IOException {
        JobProgress progress = JobProgress.begin(STAGES.size());
        try {
            return run(dataset, new RunDir(runDir), s, listener, resume, progress);
        } finally {
            progress.end();
        }
    }

    private static Result run(Dataset dataset, RunDir dir, Settings s, Listener listener, boolean resume,
            JobProgress progress) throws IOException {
        Path runDir = dir.root();
        if (!resume) {
            dir.child("classifier").requireFresh(false);
            dir.child("segmenter").requireFresh(false);
        }
        Stages stages = new Stages(progress);
        String split = dataset.defaultSplit();
        ClassStatistics stats = ClassStatistics.of(dataset, split);
        RunDir.writeText(dir.stats(), stats.toJson());
        listener.statistics(dataset, split, stats);
        stages.done("statistics");

        Recipe classifier = Recipe.builder("mobilenet_v2").optModelOptions(ModelOptions.defaults().withWidth(s.width()))
                .optInputSize(s.imageSize()).optBatch(16).optEpochs(s.classifierEpochs()).optLr(2e-3).optSeed(s.seed())
                .optThreads(s.threads()).optValFraction(s.valFraction()).optTta(true).build();
        TrainingResult cls = trainOrReuse(dataset, split, classifier, dir.child("classifier"), resume);
        listener.trained("classifier", cls);
        stages.done("classifier");
        Recipe segmenter = Recipe.builder("deeplabv3plus").optModelOptions(ModelOptions.defaults().withWidth(s.width()))
                .optInputSize(s.imageSize()).optEpochs(s.segmenterEpochs())
                .optSeed(s.seed()).optThreads(s.threads()).optValFraction(s.valFraction()).optTta(true).build();
        TrainingResult seg = trainOrReuse(dataset, split, segmenter, dir.child("segmenter"), resume);
        listener.trained("segmenter", seg);
        stages.done("segmenter");

        try (TrainedModel c = TrainedModel.load(cls.runDir()); TrainedModel m = TrainedModel.load(seg.runDir())) {
            RunPrediction.Result test = null;
            if (dataset.splits().contains("test")) {
                test = RunPrediction.write(c, m, dataset, "test", dir.root().resolve(RunDir.SUBMISSION), true);
                listener.submitted(test);
                stages.done("submission");
            }
            // the classifier's held-out part: every held-out image (the segmenter's are those of them with masks)
            Dataset heldOut = c.withHeldOut(dataset);
            Path valDir = Files.createDirectories(dir.root().resolve("validation"));
            Path valSubmission = valDir.resolve(RunDir.SUBMISSION);
            RunPrediction.write(c, m, heldOut, TrainedModel.HELD_OUT, valSubmission, true);
            Submission predicted = Submission.read(valSubmission);
            Score score = Scorer.score(predicted, heldOut, TrainedModel.HELD_OUT);
            RunDir.writeJson(valDir.resolve(RunDir.SCORE), score.asMap());
            Score allNegative = Scorer.score(predicted.allNegative(), heldOut, TrainedModel.HELD_OUT);
            RunDir.writeJson(valDir.resolve(RunDir.SCORE_ALL_NEGATIVE), allNegative.asMap());
            int images = heldOut.ids(TrainedModel.HELD_OUT).size();
            listener.scored(score, allNegative, images);
            stages.done("local score");

            List<AttackReport> attacks = new ArrayList<>();
            for (TrainedModel model : List.of(c, m)) {
                Dataset attacked = model.withHeldOut(dataset);
                for (String method : List.of("fgsm", "pgd")) {
                    AttackSettings settings = AttackSettings.of(method, AttackParams.DEFAULT, ATTACK_EPS, ATTACK_IMAGES,
                            ATTACK_IMAGES, s.seed());
                    AttackReport report = AttackRun.run(model, attacked, TrainedModel.HELD_OUT, settings,
                            model.checkpoint().getParent().getParent());
                    attacks.add(report);
                    listener.attacked(model.task().name(), report);
                }
            }
            stages.done("attacks");
            ObjectNode run = RunDir.JSON.createObjectNode();
            run.put("data", dataset.root().toString()).put("split", split).put("images", dataset.ids(split).size())
                    .put("held_out_images", images).put("test_images", test == null ? 0 : test.images())
                    .put("seconds", stages.total());
            ObjectNode seconds = run.putObject("stages");
            stages.seconds.forEach(seconds::put);
            RunDir.writeJson(dir.root().resolve(RunDir.RUN), run);
            Path report = HtmlReport.write(runDir, "vocvision run " + runDir.getFileName());
            Result result = new Result(stats, cls, seg, test, score, allNegative, images, attacks, report,
                    RunSummary.read(runDir));
            listener.finished(result);
            return result;
        }
    }

    /** A finished model is reused, an interrupted one resumed, a missing one trained. */
    private static TrainingResult trainOrReuse(Dataset dataset, String split, Recipe recipe, RunDir dir, boolean resume)
            throws IOException {
        if (resume && Files.exists(dir.metrics())) {
            return TrainingResult.read(dir.root());
        }
        boolean interrupted = resume && Files.exists(dir.last());
        if (resume && !interrupted) {
            dir.clear(); // stopped before its first checkpoint: nothing to continue
        }
        return Training.run(dataset, split, recipe, dir.root(), interrupted);
    }

    /** Wall seconds of each stage, in order; the progress line learns which stage runs next. */
    private static final class Stages {
        private final long start = System.nanoTime();
        private final JobProgress progress;
        private long last = start;
        private final Map<String, Double> seconds = new LinkedHashMap<>();

        Stages(JobProgress progress) {
            this.progress = progress;
            progress.stage(1, STAGES.get(0));
        }

        void done(String stage) {
            long now = System.nanoTime();
            seconds.put(stage, (now - last) / 1e9);
            last = now;
            int next = STAGES.indexOf(stage) + 2;
            if (next <= STAGES.size()) {
                progress.stage(next, STAGES.get(next - 1));
            }
        }

        double total() {
            return (System.nanoTime() - start) / 1e9;
        }
    }
}
