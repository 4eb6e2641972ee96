package org.vocvision.submit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vocvision.data.Dataset;
import org.vocvision.data.RgbImage;
import org.vocvision.data.VocClasses;

/**
 * Checks a submission against the test images it must cover: the header, every image's
 * classification row then segmentation row exactly once and in the images' order, and every field
 * a valid run list inside its row's positions (20, or 20 x H x W for that image's own size).
 */
public final class SubmissionValidator {

    private SubmissionValidator() {}

    /** All problems found, in file order; empty when the submission is valid. */
    public static List<Problem> validate(Submission submission, List<ImageSize> images) {
        Map<String, ImageSize> byId = new HashMap<>();
        for (ImageSize image : images) {
            byId.put(image.id(), image);
        }
        List<Problem> problems = new ArrayList<>(structureProblems(submission, images.stream().map(ImageSize::id).toList()));
        for (Submission.Row row : submission.rows()) {
            RowId parsed = RowId.parse(row.id());
            if (parsed == null || row.field() == null || row.field().indexOf(',') >= 0 || !byId.containsKey(parsed.image())) {
                continue; // reported by structureProblems
            }
            long positions = parsed.classification() ? VocClasses.COUNT : byId.get(parsed.image()).segmentationPositions();
            try {
                RunLengthEncoding.decode(row.field(), positions);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(row.line(), row.name() + ": " + e.getMessage()));
            }
        }
        problems.sort((a, b) -> Integer.compare(a.line() == 0 ? Integer.MAX_VALUE : a.line(), b.line() == 0 ? Integer.MAX_VALUE : b.line()));
        return problems;
    }

    /** The ids of a data set split with their image sizes (reads every image of the split). */
    public static List<ImageSize> imageSizes(Dataset dataset, String split) {
        List<ImageSize> sizes = new ArrayList<>();
        for (String id : dataset.ids(split)) {
            RgbImage image = dataset.load(split, id).image();
            sizes.add(new ImageSize(id, image.height(), image.width()));
        }
        return sizes;
    }

    /**
     * The problems that need no image size: header, columns, row ids, each expected row exactly
     * once, and the order (checked only when the set of rows is right, so that one missing row is
     * reported once rather than as every later row being out of place).
     */
    static List<Problem> structureProblems(Submission submission, List<String> ids) {
        List<Problem> problems = new ArrayList<>();
        if (!Submission.HEADER.equals(submission.header())) {
            problems.add(new Problem(1, "line 1: header is '" + submission.header() + "', expected '" + Submission.HEADER + "'"));
        }
        Map<String, Integer> expected = new LinkedHashMap<>();
        for (String id : ids) {
            expected.put(id + Submission.CLASSIFICATION, 0);
            expected.put(id + Submission.SEGMENTATION, 0);
        }
        Map<String, Integer> firstLine = new HashMap<>();
        boolean setIsRight = true;
        for (Submission.Row row : submission.rows()) {
            if (row.field() == null) {
                problems.add(new Problem(row.line(), row.name() + ": expected 2 columns 'Id,Predicted', found no comma"));
            } else if (row.field().indexOf(',') >= 0) {
                problems.add(new Problem(row.line(), row.name() + ": expected 2 columns 'Id,Predicted', found more"));
            }
            RowId parsed = RowId.parse(row.id());
            if (parsed == null) {
                problems.add(new Problem(row.line(), row.name() + ": id must be '{Id}_classification' or '{Id}_segmentation'"));
                setIsRight = false;
            } else if (!expected.containsKey(row.id())) {
                problems.add(new Problem(row.line(), row.name() + ": image '" + parsed.image() + "' is not a test image"));
                setIsRight = false;
            } else if (firstLine.containsKey(row.id())) {
                problems.add(new Problem(row.line(), row.name() + ": second row for " + row.id()
                        + " (first on line " + firstLine.get(row.id()) + ")"));
                setIsRight = false;
            } else {
                firstLine.put(row.id(), row.line());
            }
        }
        for (String id : expected.keySet()) {
            if (!firstLine.containsKey(id)) {
                problems.add(new Problem(0, "no row for " + id));
                setIsRight = false;
            }
        }
        if (setIsRight) {
            List<String> order = new ArrayList<>(expected.keySet());
            for (int i = 0; i < submission.rows().size(); i++) {
                Submission.Row row = submission.rows().get(i);
                if (!row.id().equals(order.get(i))) {
                    problems.add(new Problem(row.line(), row.name() + ": out of order, expected " + order.get(i)
                            + " here (test_set.csv order, classification before segmentation)"));
                    break;
                }
            }
        }
        return problems;
    }

    /** A row id split into its image id and its kind. */
    record RowId(String image, boolean classification) {

        static RowId parse(String rowId) {
            if (rowId.endsWith(Submission.CLASSIFICATION) && rowId.length() > Submission.CLASSIFICATION.length()) {
                return new RowId(rowId.substring(0, rowId.length() - Submission.CLASSIFICATION.length()), true);
            }
            if (rowId.endsWith(Submission.SEGMENTATION) && rowId.length() > Submission.SEGMENTATION.length()) {
                return new RowId(rowId.substring(0, rowId.length() - Submission.SEGMENTATION.length()), false);
            }
            return null;
        }
    }
}
