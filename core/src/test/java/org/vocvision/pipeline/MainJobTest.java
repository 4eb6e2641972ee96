package org.vocvision.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vocvision.attack.AttackReport;
import org.vocvision.data.ClassStatistics;
import org.vocvision.data.Dataset;
import org.vocvision.report.RunSummary;
import org.vocvision.run.RunDir;
import org.vocvision.submit.RunPrediction;
import org.vocvision.submit.Score;
import org.vocvision.train.Recipe;
import org.vocvision.train.TrainingResult;

/** The main job end to end on tiny data laid out as the real data sets are. */
class MainJobTest {

    static final MainJob.Listener QUIET = new MainJob.Listener() {
        @Override
        public void statistics(Dataset dataset, String split, ClassStatistics stats) {}

        @Override
        public void trained(String what, TrainingResult result) {}

        @Override
        public void submitted(RunPrediction.Result submission) {}

        @Override
        public void scored(Score score, Score allNegative, int heldOutImages) {}

        @Override
        public void attacked(String what, AttackReport report) {}

        @Override
        public void finished(MainJob.Result result) {}
    };

    /**
     * Defect 4 of the "one task" issue: on a VOCdevkit directory with masks for about a third of its images
     * the job died at the local score ("has no segmentation mask to score against"). It must finish,
     * score classification on every held-out image and segmentation on those with masks, and never score
     * the segmenter on an image it trained on.
     */
    @Test
    void finishesOnAVocdevkitLayoutWithMasksForAThird() throws IOException {
        MainJob.Result result = TinyMainRun.result();
        Dataset dataset = TinyMainRun.dataset();
        Path dir = TinyMainRun.DIR;
        assertEquals("trainval", dataset.defaultSplit());

        Score score = result.score();
        assertEquals(result.heldOutImages(), score.classificationRows());
        assertTrue(score.segmentationRows() > 0 && score.segmentationRows() < score.classificationRows(),
                score.segmentationRows() + " of " + score.classificationRows());
        // the segmenter trained on the masked images of the classifier's train part: none of them is scored
        Recipe segmenter = RunDir.JSON.readValue(new RunDir(dir.resolve("run/segmenter")).config().toFile(), Recipe.class);
        Recipe classifier = RunDir.JSON.readValue(new RunDir(dir.resolve("run/classifier")).config().toFile(), Recipe.class);
        assertEquals(classifier.provenance().valIds(), segmenter.provenance().valIds());
        Set<String> heldOut = new HashSet<>(classifier.provenance().valIds());
        long masked = heldOut.stream().filter(id -> dataset.hasMask("trainval", id)).count();
        assertEquals(masked, score.segmentationRows());
        assertEquals(4, result.attacks().size());
        assertTrue(Files.size(result.report()) > 1000);
        assertEquals(4, result.submission().images());
    }

    /**
     * The run leaves the report's data (per_class.json, confusion.json, the empty submission's score) and a
     * summary with each number beside its baseline, read from those same files.
     */
    @Test
    void leavesTheReportsDataAndASummaryWithBaselines() throws IOException {
        MainJob.Result result = TinyMainRun.result();
        RunDir run = new RunDir(TinyMainRun.runDir());
        assertTrue(Files.isRegularFile(run.child("classifier").perClass()));
        assertTrue(Files.isRegularFile(run.child("segmenter").confusion()));
        assertTrue(Files.isRegularFile(run.root().resolve("validation").resolve(RunDir.SCORE_ALL_NEGATIVE)));
        assertTrue(Files.isRegularFile(run.root().resolve(RunDir.RUN)));
        // both methods' sweeps of both models are kept (attack.json only held the last one: PGD)
        for (String model : List.of("classifier", "segmenter")) {
            for (String method : List.of("fgsm", "pgd")) {
                assertTrue(Files.isRegularFile(run.child(model).attack(method)), model + " " + method);
            }
        }
        List<String> lines = result.summary().lines().stream().map(RunSummary.Line::text).toList();
        assertEquals(7, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("classifier: val mAP "), lines.get(0));
        assertTrue(lines.get(0).contains("(chance 0."), lines.get(0));
        assertTrue(lines.get(0).contains("best epoch 1 of 1"), lines.get(0));
        assertTrue(lines.get(1).startsWith("segmenter: val mIoU ") && lines.get(1).contains("all-background 0."), lines.get(1));
        assertTrue(lines.get(2).startsWith("local score: Dice ") && lines.get(2).contains("all-negative submission 0."),
                lines.get(2));
        assertEquals(result.allNegative().dice(), result.summary().lines().get(2).baselines().get(0).value(), 1e-12);
        assertTrue(lines.get(3).startsWith("FGSM on the classifier"), lines.get(3));
        assertTrue(lines.get(4).startsWith("PGD on the classifier"), lines.get(4));
    }

    /**
     * An interrupted job continues: a model that finished is reused as it is, one stopped after its last
     * checkpoint continues from it, and without --resume the directory is refused.
     */
    @Test
    void resumeReusesAFinishedModelAndContinuesAnInterruptedOne(@TempDir Path tmp) throws IOException {
        TinyMainRun.result();
        Path copy = tmp.resolve("run");
        for (String model : List.of("classifier", "segmenter")) {
            copyTree(TinyMainRun.runDir().resolve(model), copy.resolve(model));
        }
        RunDir run = new RunDir(copy);
        Files.delete(run.child("segmenter").metrics()); // the job died after the segmenter's last epoch
        byte[] classifier = Files.readAllBytes(run.child("classifier").best());
        MainJob.Settings settings = new MainJob.Settings(1, 1, 32, 0.25f, 0.25, 3, 1);

        IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> MainJob.run(TinyMainRun.dataset(), copy, settings, QUIET));
        assertTrue(refused.getMessage().contains("holds a run already"), refused.getMessage());

        MainJob.Result result = MainJob.run(TinyMainRun.dataset(), copy, settings, QUIET, true);
        assertTrue(java.util.Arrays.equals(classifier, Files.readAllBytes(run.child("classifier").best())),
                "the finished classifier is reused, not retrained");
        assertTrue(Files.isRegularFile(run.child("segmenter").metrics()));
        assertEquals(1, result.segmenter().epochs());
        assertEquals(TinyMainRun.result().classifier().metrics(), result.classifier().metrics());
        assertTrue(Files.isRegularFile(run.report()));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
