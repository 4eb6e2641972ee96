package org.vocvision.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vocvision.attack.AttackReport;
import org.vocvision.data.ClassStatistics;
import org.vocvision.data.Dataset;
import org.vocvision.data.Datasets;
import org.vocvision.data.Layout;
import org.vocvision.data.SyntheticVoc;
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
    void finishesOnAVocdevkitLayoutWithMasksForAThird(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("VOCdevkit/VOC2009");
        SyntheticVoc.builder().optSeed(8).optLongSide(40).optVoidBand(true).build().write(data, Layout.VOC, 48, 4);
        Dataset dataset = Datasets.open(dir, null);
        assertEquals("trainval", dataset.defaultSplit());
        MainJob.Result result = MainJob.run(dataset, dir.resolve("run"), new MainJob.Settings(1, 32, 0.25f, 0.25, 3, 1), QUIET);

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
}
