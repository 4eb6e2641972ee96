package org.vocvision.submit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.vocvision.data.Dataset;
import org.vocvision.data.InvalidDataException;
import org.vocvision.data.Label;
import org.vocvision.data.Mask;
import org.vocvision.data.VocClasses;

/**
 * Scores a submission against labelled data the way Kaggle scores the competition
 * (docs/DATA.md): per row the Dice 2|A∩B| / (|A| + |B|) between the predicted and the
 * true positions (1 when both are empty, 0 when only one is), then the mean over all rows.
 *
 * <p>Truth positions: a classification row's are the classes whose label is present (a VOC
 * "difficult" label counts as present, as it does for training targets); a segmentation row's are
 * the pixels of class 1..20 in their class's plane. VOC masks have void (255) pixels, the
 * competition's have none: a void pixel is no truth position, and predictions on void pixels are
 * not counted either, so the band VOC excludes from mIoU neither helps nor hurts, as in VOC's own
 * evaluation.
 */
public final class Scorer {

    private final long[] classTp = new long[VocClasses.COUNT];
    private final long[] classPredicted = new long[VocClasses.COUNT];
    private final long[] classTrue = new long[VocClasses.COUNT];
    private final long[] pixelTp = new long[VocClasses.COUNT];
    private final long[] pixelPredicted = new long[VocClasses.COUNT];
    private final long[] pixelTrue = new long[VocClasses.COUNT];
    private double classificationSum;
    private double segmentationSum;
    private int classificationRows;
    private int segmentationRows;

    private Scorer() {}

    /**
     * Scores every row of {@code submission} against the images of {@code split} in {@code truth}
     * that the submission names.
     *
     * <p>Classification rows are scored for every image; segmentation rows only for the images that
     * have a mask (all of the competition's training images, about a third of VOC's). The overall
     * score is the mean over the rows scored.
     *
     * @throws InvalidDataException when the submission is malformed, names an image not in the
     *     split, or the truth lacks labels for an image it names
     */
    public static Score score(Submission submission, Dataset truth, String split) {
        List<String> ids = imageIds(submission);
        Set<String> known = new HashSet<>(truth.ids(split));
        for (String id : ids) {
            if (!known.contains(id)) {
                throw new InvalidDataException(submission.file(), "image '" + id + "' is not in split '" + split + "' of " + truth.root());
            }
        }
        List<Problem> problems = SubmissionValidator.structureProblems(submission, ids);
        if (!problems.isEmpty()) {
            throw new InvalidDataException(submission.file(), summary(problems));
        }
        Map<String, Submission.Row> rows = new HashMap<>();
        for (Submission.Row row : submission.rows()) {
            rows.put(row.id(), row);
        }
        Scorer scorer = new Scorer();
        for (String id : ids) {
            scorer.addClassification(id, truth.labels(split, id), decode(submission,
                    rows.get(id + Submission.CLASSIFICATION), VocClasses.COUNT), truth.root());
            // real VOCdevkit data has masks for about a third of its images: the others have no
            // segmentation truth, so their segmentation rows are not scored (and not counted)
            if (truth.hasMask(split, id)) {
                Mask mask = truth.load(split, id).mask();
                long planes = (long) VocClasses.COUNT * mask.height() * mask.width();
                scorer.addSegmentation(mask.values(), decode(submission, rows.get(id + Submission.SEGMENTATION), planes));
            }
        }
        return scorer.result();
    }

    /** The image ids the rows name, in order of first appearance. */
    private static List<String> imageIds(Submission submission) {
        Set<String> ids = new LinkedHashSet<>();
        for (Submission.Row row : submission.rows()) {
            SubmissionValidator.RowId parsed = SubmissionValidator.RowId.parse(row.id());
            if (parsed != null) {
                ids.add(parsed.image());
            }
        }
        return new ArrayList<>(ids);
    }

    private static Runs decode(Submission submission, Submission.Row row, long positions) {
        try {
            return RunLengthEncoding.decode(row.field(), positions);
        } catch (IllegalArgumentException e) {
            throw new InvalidDataException(submission.file(), row.name() + ": " + e.getMessage());
        }
    }

    static String summary(List<Problem> problems) {
        String shown = problems.stream().limit(5).map(Problem::toString).collect(Collectors.joining("; "));
        return problems.size() + " problem(s): " + shown + (problems.size() > 5 ? "; ..." : "");
    }

    private void addClassification(String id, Label[] labels, Runs predicted, java.nio.file.Path root) {
        boolean[] p = predicted.toBits(VocClasses.COUNT);
        int both = 0;
        int nPredicted = 0;
        int nTrue = 0;
        for (int c = 0; c < VocClasses.COUNT; c++) {
            Label label = labels[c];
            if (label == Label.UNKNOWN) {
                throw new InvalidDataException(root, "image " + id + " has no class labels: the truth must be a labelled split");
            }
            boolean t = label.target() > 0;
            if (p[c]) {
                nPredicted++;
                classPredicted[c]++;
            }
            if (t) {
                nTrue++;
                classTrue[c]++;
            }
            if (p[c] && t) {
                both++;
                classTp[c]++;
            }
        }
        classificationSum += dice(both, nPredicted, nTrue);
        classificationRows++;
    }

    private void addSegmentation(byte[] mask, Runs predicted) {
        segmentationSum += segmentationDice(mask, predicted);
        segmentationRows++;
    }

    private double segmentationDice(byte[] mask, Runs predicted) {
        int planeSize = mask.length;
        long both = 0;
        long nPredicted = 0;
        long nTrue = 0;
        for (byte b : mask) {
            int t = b & 0xFF;
            if (t >= 1 && t <= VocClasses.COUNT) {
                pixelTrue[t - 1]++;
                nTrue++;
            }
        }
        for (int k = 0; k < predicted.size(); k++) {
            int p = predicted.starts()[k] - 1;
            int end = p + predicted.lengths()[k];
            while (p < end) {
                int plane = p / planeSize;
                int c = plane + 1;
                int planeEnd = Math.min(end, (plane + 1) * planeSize);
                int offset = plane * planeSize;
                long planeBoth = 0;
                long planePredicted = 0;
                for (int i = p - offset, last = planeEnd - offset; i < last; i++) {
                    int t = mask[i] & 0xFF;
                    if (t != VocClasses.VOID) {
                        planePredicted++;
                        if (t == c) {
                            planeBoth++;
                        }
                    }
                }
                both += planeBoth;
                nPredicted += planePredicted;
                pixelTp[c - 1] += planeBoth;
                pixelPredicted[c - 1] += planePredicted;
                p = planeEnd;
            }
        }
        return dice(both, nPredicted, nTrue);
    }

    /** Dice of two position sets from their sizes: 1 when both are empty (Kaggle's convention). */
    private static double dice(long both, long predicted, long actual) {
        return predicted + actual == 0 ? 1.0 : 2.0 * both / (predicted + actual);
    }

    private Score result() {
        double[] f1 = new double[VocClasses.COUNT];
        double[] iou = new double[VocClasses.COUNT];
        for (int c = 0; c < VocClasses.COUNT; c++) {
            long cls = classPredicted[c] + classTrue[c];
            f1[c] = cls == 0 ? Double.NaN : 2.0 * classTp[c] / cls;
            long union = pixelPredicted[c] + pixelTrue[c] - pixelTp[c];
            iou[c] = union == 0 ? Double.NaN : (double) pixelTp[c] / union;
        }
        double classification = classificationRows == 0 ? Double.NaN : classificationSum / classificationRows;
        double segmentation = segmentationRows == 0 ? Double.NaN : segmentationSum / segmentationRows;
        int rows = classificationRows + segmentationRows;
        double dice = rows == 0 ? Double.NaN : (classificationSum + segmentationSum) / rows;
        return new Score(dice, classification, segmentation, classificationRows, segmentationRows, f1, iou);
    }
}
