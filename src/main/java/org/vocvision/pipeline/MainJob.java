package org.vocvision.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vocvision.attack.AttackParams;
import org.vocvision.attack.AttackReport;
import org.vocvision.attack.AttackSettings;
import org.vocvision.data.ClassStatistics;
import org.vocvision.data.Dataset;
import org.vocvision.model.ModelOptions;
import org.vocvision.report.HtmlReport;
import org.vocvision.run.RunDir;
import org.vocvision.submit.RunPrediction;
import org.vocvision.submit.Score;
import org.vocvision.submit.Scorer;
import org.vocvision.submit.Submission;
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
     * @param epochs epochs of each model
     * @param imageSize classifier input and segmenter crop
     * @param width MobileNetV2 width multiplier of both models
     * @param valFraction share of the labelled split held out
     * @param seed seed of the split, the models and the attacks
     * @param threads loader threads
     */
    public record Settings(int epochs, int imageSize, float width, double valFraction, long seed, int threads) {}

    /** What it made. */
    public record Result(ClassStatistics statistics, TrainingResult classifier, TrainingResult segmenter,
            RunPrediction.Result submission, Score score, int heldOutImages, List<AttackReport> attacks, Path report) {}

    /** Where it tells what it is doing. */
    public interface Listener {
        void statistics(Dataset dataset, String split, ClassStatistics stats);

        void trained(String what, TrainingResult result);

        void submitted(RunPrediction.Result submission);

        void scored(Score score, int heldOutImages);

        void attacked(String what, AttackReport report);
    }

    private MainJob() {}

    public static Result run(Dataset dataset, Path runDir, Settings s, Listener listener) throws IOException {
        RunDir dir = new RunDir(runDir);
        String split = dataset.defaultSplit();
        ClassStatistics stats = ClassStatistics.of(dataset, split);
        RunDir.writeText(dir.stats(), stats.toJson());
        listener.statistics(dataset, split, stats);

        Recipe classifier = Recipe.builder("mobilenet_v2").optModelOptions(ModelOptions.defaults().withWidth(s.width()))
                .optInputSize(s.imageSize()).optBatch(16).optEpochs(s.epochs()).optLr(2e-3).optSeed(s.seed())
                .optThreads(s.threads()).optValFraction(s.valFraction()).optTta(true).build();
        TrainingResult cls = Training.run(dataset, split, classifier, dir.child("classifier").root(), false);
        listener.trained("classifier", cls);
        Recipe segmenter = Recipe.builder("deeplabv3plus").optModelOptions(ModelOptions.defaults().withWidth(s.width()))
                .optInputSize(s.imageSize()).optBatch(8).optEpochs(s.epochs()).optOptimizer("adamw").optLr(1e-3)
                .optSeed(s.seed()).optThreads(s.threads()).optValFraction(s.valFraction()).optTta(true).build();
        TrainingResult seg = Training.run(dataset, split, segmenter, dir.child("segmenter").root(), false);
        listener.trained("segmenter", seg);

        try (TrainedModel c = TrainedModel.load(cls.runDir()); TrainedModel m = TrainedModel.load(seg.runDir())) {
            RunPrediction.Result test = null;
            if (dataset.splits().contains("test")) {
                test = RunPrediction.write(c, m, dataset, "test", dir.root().resolve(RunDir.SUBMISSION), true);
                listener.submitted(test);
            }
            // the classifier's held-out part: every held-out image (the segmenter's are those of them with masks)
            Dataset heldOut = c.withHeldOut(dataset);
            Path valDir = Files.createDirectories(dir.root().resolve("validation"));
            Path valSubmission = valDir.resolve(RunDir.SUBMISSION);
            RunPrediction.write(c, m, heldOut, TrainedModel.HELD_OUT, valSubmission, true);
            Score score = Scorer.score(Submission.read(valSubmission), heldOut, TrainedModel.HELD_OUT);
            RunDir.writeJson(valDir.resolve(RunDir.SCORE), score.asMap());
            int images = heldOut.ids(TrainedModel.HELD_OUT).size();
            listener.scored(score, images);

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
            Path report = HtmlReport.write(runDir, "vocvision run " + runDir.getFileName());
            return new Result(stats, cls, seg, test, score, images, attacks, report);
        }
    }
}
