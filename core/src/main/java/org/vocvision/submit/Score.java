package org.vocvision.submit;

/**
 * A submission's score as Kaggle computes it, with its parts.
 *
 * @param dice the mean Dice over all rows scored: the competition's score
 * @param classification the mean Dice over the classification rows (per-image F1 of the 20 labels)
 * @param segmentation the mean Dice over the segmentation rows scored (NaN when no image has a mask)
 * @param classificationRows classification rows scored: one per image
 * @param segmentationRows segmentation rows scored: one per image with a mask
 * @param classF1 per class, F1 of the classification rows pooled over all images (NaN for a class
 *     neither predicted nor present)
 * @param classIoU per class, IoU of the segmentation positions pooled over all images (NaN for a
 *     class neither predicted nor present)
 */
public record Score(double dice, double classification, double segmentation, int classificationRows,
        int segmentationRows, double[] classF1, double[] classIoU) {

    /** Rows scored in all. */
    public int rows() {
        return classificationRows + segmentationRows;
    }

    /**
     * The score as {@code score --json} prints it and score.json holds it: the three scores, the rows,
     * and per class F1 and IoU; JSON has no NaN, so an undefined score is null.
     */
    public java.util.Map<String, Object> asMap() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("dice", number(dice));
        m.put("classification", number(classification));
        m.put("segmentation", number(segmentation));
        m.put("rows", rows());
        m.put("classification_rows", classificationRows);
        m.put("segmentation_rows", segmentationRows);
        java.util.Map<String, Object> classes = new java.util.LinkedHashMap<>();
        for (int c = 0; c < org.vocvision.data.VocClasses.COUNT; c++) {
            java.util.Map<String, Object> perClass = new java.util.LinkedHashMap<>();
            perClass.put("f1", number(classF1[c]));
            perClass.put("iou", number(classIoU[c]));
            classes.put(org.vocvision.data.VocClasses.NAMES.get(c), perClass);
        }
        m.put("classes", classes);
        return m;
    }

    private static Double number(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
