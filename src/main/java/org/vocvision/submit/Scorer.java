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
import org.vocvision.data.Sample;
import org.vocvision.data.VocClasses;

/**
 * Scores a submission against labelled data the way Kaggle scores the competition
 * (../shared/COMPETITION.md): per row the Dice 2|A∩B| / (|A| + |B|) between the predicted and the
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
    private int images;

    private Scorer() {}

    /**
     * Scores every row of {@code submission} against the images of {@code split} in {@code truth}
     * that the submission names.
     *
     * @throws InvalidDataException when the submission is malformed, names an image not in the
     *     split, or the truth lacks labels or a mask for an image it names
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
            Sample sample = truth.load(id);
            if (!sample.hasMask()) {
                throw new InvalidDataException(sample.source(), "image " + id + " has no segmentation mask to score against");
            }
            Submission.Row classes = rows.get(id + Submission.CLASSIFICATION);
            Submission.Row segmentation = rows.get(id + Submission.SEGMENTATION);
            int planes = VocClasses.COUNT * sample.mask().height() * sample.mask().width();
            scorer.add(sample, decode(submission, classes, VocClasses.COUNT), decode(submission, segmentation, planes));
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

    private void add(Sample truth, Runs classes, Runs segmentation) {
        classificationSum += classificationDice(truth, classes);
        segmentationSum += segmentationDice(truth.mask().values(), segmentation);
        images++;
    }

    private double classificationDice(Sample truth, Runs predicted) {
        boolean[] p = predicted.toBits(VocClasses.COUNT);
        int both = 0;
        int nPredicted = 0;
        int nTrue = 0;
        for (int c = 0; c < VocClasses.COUNT; c++) {
            Label label = truth.labels()[c];
            if (label == Label.UNKNOWN) {
                throw new InvalidDataException(truth.source(), "image " + truth.id() + " has no class labels: the truth must be a labelled split");
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
        return dice(both, nPredicted, nTrue);
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
        double classification = images == 0 ? Double.NaN : classificationSum / images;
        double segmentation = images == 0 ? Double.NaN : segmentationSum / images;
        double dice = images == 0 ? Double.NaN : (classificationSum + segmentationSum) / (2.0 * images);
        return new Score(dice, classification, segmentation, 2 * images, f1, iou);
    }
}
