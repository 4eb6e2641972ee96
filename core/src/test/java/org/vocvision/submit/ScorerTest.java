package org.vocvision.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vocvision.data.InvalidDataException;
import org.vocvision.data.Mask;
import org.vocvision.data.Sample;

class ScorerTest {

    @TempDir Path dir;

    static Mask mask(int h, int w, int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) values[i];
        }
        return new Mask(h, w, b);
    }

    private Submission write(String text) throws Exception {
        Path file = dir.resolve("s.csv");
        Files.writeString(file, text);
        return Submission.read(file);
    }

    @Test
    void theTruthItselfScoresOne() {
        Random random = new Random(7);
        InMemoryDataset truth = new InMemoryDataset();
        Path file = dir.resolve("truth.csv");
        try (SubmissionWriter writer = SubmissionWriter.create(file)) {
            for (int i = 0; i < 12; i++) {
                int h = 3 + random.nextInt(20);
                int w = 3 + random.nextInt(20);
                Mask m = Mask.blank(h, w);
                boolean[] classes = new boolean[20];
                int value = 0;
                for (int p = 0; p < h * w; p++) {
                    if (random.nextInt(8) == 0) {
                        value = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(20);
                    }
                    m.values()[p] = (byte) value;
                    if (value > 0) {
                        classes[value - 1] = true;
                    }
                }
                int[] present = java.util.stream.IntStream.range(0, 20).filter(c -> classes[c]).toArray();
                truth.add(String.valueOf(i), m, present);
                writer.write(String.valueOf(i), classes, m);
            }
        }
        Score score = Scorer.score(Submission.read(file), truth, "val");
        assertEquals(1.0, score.dice(), 0);
        assertEquals(1.0, score.classification(), 0);
        assertEquals(1.0, score.segmentation(), 0);
        assertEquals(24, score.rows());
    }

    @Test
    void aHandMadeMixture() throws Exception {
        InMemoryDataset truth = new InMemoryDataset()
                .add("a", mask(2, 2, 1, 1, 0, 15), 0, 14)
                .add("b", mask(2, 2, 0, 0, 0, 0))
                .add("c", mask(2, 2, 3, 3, 0, 0), 2);
        // a: classes {person} vs {aeroplane, person}: 2*1/(1+2) = 2/3;
        //    pixels (1,0),(1,1)... predicted class 1 at pixel 0 (position 1), class 15 at pixel 3 (14*4+4 = 60):
        //    2 of 2 predicted right, 3 true: 2*2/(2+3) = 0.8
        // b: both rows empty on both sides: 1 and 1
        // c: nothing predicted, truth non-empty: 0 and 0
        Submission s = write("Id,Predicted\na_classification,15 1\na_segmentation,1 1 60 1\nb_classification,\nb_segmentation,\n"
                + "c_classification,\nc_segmentation,\n");
        Score score = Scorer.score(s, truth, "val");
        assertEquals((2.0 / 3 + 1 + 0) / 3, score.classification(), 1e-12);
        assertEquals((0.8 + 1 + 0) / 3, score.segmentation(), 1e-12);
        assertEquals(((2.0 / 3 + 1 + 0) + (0.8 + 1 + 0)) / 6, score.dice(), 1e-12);
        assertEquals(6, score.rows());
        // pooled per class: person F1 = 1, aeroplane 0 (missed), bird 0 (missed), bicycle neither predicted nor present
        assertEquals(1.0, score.classF1()[14], 0);
        assertEquals(0.0, score.classF1()[0], 0);
        assertEquals(0.0, score.classF1()[2], 0);
        assertTrue(Double.isNaN(score.classF1()[1]));
        // IoU: aeroplane pixels 1 hit / (1 predicted + 2 true - 1) = 0.5; person 1; bird 0
        assertEquals(0.5, score.classIoU()[0], 0);
        assertEquals(1.0, score.classIoU()[14], 0);
        assertEquals(0.0, score.classIoU()[2], 0);
    }

    @Test
    void aRunCrossingPlanesCountsInBothClasses() throws Exception {
        // 1x2 image: truth pixel 1 is class 1, pixel 0 class 2; "2 2" covers class 1 at pixel 1 and class 2 at pixel 0
        InMemoryDataset truth = new InMemoryDataset().add("x", mask(1, 2, 2, 1), 0, 1);
        Score score = Scorer.score(write("Id,Predicted\nx_classification,1 2\nx_segmentation,2 2\n"), truth, "val");
        assertEquals(1.0, score.dice(), 0);
        // one pixel off: "2 1" (class 1 at pixel 1 only) -> 2*1/(1+2)
        score = Scorer.score(write("Id,Predicted\nx_classification,1 2\nx_segmentation,2 1\n"), truth, "val");
        assertEquals(2.0 / 3, score.segmentation(), 1e-12);
    }

    @Test
    void voidPixelsAreNeitherTruthNorPrediction() throws Exception {
        InMemoryDataset truth = new InMemoryDataset().add("v", mask(2, 2, 1, 255, 0, 0), 0);
        // class 1 predicted on pixels 0 and 1: pixel 1 is void, so 1 of 1 counted prediction is right
        Score score = Scorer.score(write("Id,Predicted\nv_classification,1 1\nv_segmentation,1 2\n"), truth, "val");
        assertEquals(1.0, score.segmentation(), 0);
        // class 1 predicted on pixels 0 and 2: 2*1/(2+1)
        score = Scorer.score(write("Id,Predicted\nv_classification,1 1\nv_segmentation,1 1 3 1\n"), truth, "val");
        assertEquals(2.0 / 3, score.segmentation(), 1e-12);
    }

    @Test
    void decodedRowDiceEqualsTheMaskDice() {
        // the scorer works on decoded positions, metric.ImageDice on H x W masks: they must agree
        Random random = new Random(11);
        InMemoryDataset truth = new InMemoryDataset();
        Path file = dir.resolve("mixed.csv");
        double classSum = 0;
        double maskSum = 0;
        int n = 40;
        try (SubmissionWriter writer = SubmissionWriter.create(file)) {
            for (int i = 0; i < n; i++) {
                int h = 1 + random.nextInt(12);
                int w = 1 + random.nextInt(12);
                Mask t = randomMask(random, h, w, true);
                Mask p = randomMask(random, h, w, false);
                boolean[] trueClasses = new boolean[20];
                boolean[] predictedClasses = new boolean[20];
                for (int c = 0; c < 20; c++) {
                    trueClasses[c] = random.nextInt(6) == 0;
                    predictedClasses[c] = random.nextInt(6) == 0;
                }
                int[] present = java.util.stream.IntStream.range(0, 20).filter(c -> trueClasses[c]).toArray();
                truth.add(String.valueOf(i), t, present);
                writer.write(String.valueOf(i), predictedClasses, p);
                classSum += org.vocvision.metric.ImageDice.classification(trueClasses, predictedClasses);
                maskSum += org.vocvision.metric.ImageDice.segmentation(t.values(), p.values());
            }
        }
        Score score = Scorer.score(Submission.read(file), truth, "val");
        assertEquals(classSum / n, score.classification(), 1e-12);
        assertEquals(maskSum / n, score.segmentation(), 1e-12);
        assertTrue(score.segmentation() > 0.05 && score.segmentation() < 0.95, "a real mixture: " + score.segmentation());
    }

    /** Blobs of a few classes; a truth mask also gets void pixels. */
    private static Mask randomMask(Random random, int h, int w, boolean withVoid) {
        Mask m = Mask.blank(h, w);
        int[] palette = {0, 1 + random.nextInt(20), 1 + random.nextInt(20), withVoid ? 255 : 0};
        int value = 0;
        for (int i = 0; i < h * w; i++) {
            if (random.nextInt(4) == 0) {
                value = palette[random.nextInt(palette.length)];
            }
            m.values()[i] = (byte) value;
        }
        return m;
    }

    @Test
    void badSubmissionsAreRejectedNamingTheProblem() throws Exception {
        InMemoryDataset truth = new InMemoryDataset().add("a", mask(1, 2, 1, 0), 0);
        InvalidDataException unknown = assertThrows(InvalidDataException.class,
                () -> Scorer.score(write("Id,Predicted\nz_classification,\nz_segmentation,\n"), truth, "val"));
        assertTrue(unknown.getMessage().contains("image 'z' is not in split 'val'"), unknown.getMessage());
        InvalidDataException field = assertThrows(InvalidDataException.class,
                () -> Scorer.score(write("Id,Predicted\na_classification,\na_segmentation,40 2\n"), truth, "val"));
        assertTrue(field.getMessage().contains("line 3 (a_segmentation)") && field.getMessage().contains("past the last position 40"),
                field.getMessage());
        InvalidDataException missing = assertThrows(InvalidDataException.class,
                () -> Scorer.score(write("Id,Predicted\na_classification,\n"), truth, "val"));
        assertTrue(missing.getMessage().contains("no row for a_segmentation"), missing.getMessage());
        InMemoryDataset unlabelled = new InMemoryDataset().add(new Sample("m", org.vocvision.data.RgbImage.blank(1, 1),
                Sample.unknownLabels(), null, Path.of("mem/m")));
        InvalidDataException e = assertThrows(InvalidDataException.class,
                () -> Scorer.score(write("Id,Predicted\nm_classification,\nm_segmentation,\n"), unlabelled, "val"));
        assertTrue(e.getMessage().contains("image m has no class labels"), e.getMessage());
    }

    /**
     * Real VOCdevkit data has masks for about a third of its images: an image without a mask scores its
     * classification row only, and the segmentation half averages the rows of the images with masks.
     */
    @Test
    void imagesWithoutMasksScoreTheirClassificationRowOnly() throws Exception {
        org.vocvision.data.Label[] cat = new org.vocvision.data.Label[20];
        java.util.Arrays.fill(cat, org.vocvision.data.Label.ABSENT);
        cat[7] = org.vocvision.data.Label.PRESENT;
        InMemoryDataset truth = new InMemoryDataset().add("a", mask(1, 2, 8, 0), 7)
                .add(new Sample("b", org.vocvision.data.RgbImage.blank(3, 4), cat, null, Path.of("mem/b")));
        // a: cat right (1.0) and its one cat pixel found with one false positive (2*1/3); b: cat missed (0.0)
        Score score = Scorer.score(write("Id,Predicted\na_classification,8 1\na_segmentation,15 2\n"
                + "b_classification,\nb_segmentation,1 5\n"), truth, "val");
        assertEquals(2, score.classificationRows());
        assertEquals(1, score.segmentationRows());
        assertEquals(0.5, score.classification(), 1e-12);
        assertEquals(2.0 / 3, score.segmentation(), 1e-12);
        assertEquals((1.0 + 0.0 + 2.0 / 3) / 3, score.dice(), 1e-12);
    }
}
