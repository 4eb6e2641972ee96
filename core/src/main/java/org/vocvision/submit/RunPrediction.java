package org.vocvision.submit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vocvision.data.Dataset;
import org.vocvision.data.Mask;
import org.vocvision.data.PalettePng;
import org.vocvision.data.RgbImage;
import org.vocvision.data.VocClasses;
import org.vocvision.predict.ClassificationPredictor;
import org.vocvision.predict.SegmentationPredictor;
import org.vocvision.train.TrainedModel;

/**
 * Predicts a data set split with trained models and writes the competition's submission.csv: per image,
 * in the split's order, the classes the classifier's tuned thresholds pick and the segmenter's mask at
 * the image's own size (an empty segmentation row without a segmenter). Beside it goes
 * {@code predictions.csv}: {@code Id} and the 20 class probabilities, for ensembling or re-thresholding.
 * With a segmenter alone (torchvision's VOC-category segmenters need no training), an image's labels are
 * the classes covering at least {@link #MIN_CLASS_SHARE} of its predicted mask, and predictions.csv holds
 * those pixel shares. With a masks directory, each mask is also written as a VOC palette PNG.
 */
public final class RunPrediction {

    private static final Logger LOG = LoggerFactory.getLogger(RunPrediction.class);

    /** The probabilities file written beside the submission. */
    public static final String PREDICTIONS = "predictions.csv";

    /** A segmenter alone labels the classes covering at least this share of the image: specks are noise. */
    public static final double MIN_CLASS_SHARE = 0.005;

    /** Images per classifier forward pass. */
    private static final int CHUNK = 16;

    /** What was written. */
    public record Result(Path submission, Path predictions, int images) {}

    private RunPrediction() {}

    /** As {@link #write(TrainedModel, TrainedModel, Dataset, String, Path, boolean, Path)} without mask files. */
    public static Result write(TrainedModel classifier, TrainedModel segmenter, Dataset dataset, String split,
            Path submission, boolean tta) {
        return write(classifier, segmenter, dataset, split, submission, tta, null);
    }

    /**
     * @param classifier a classification model (its tuned thresholds decide the labels), or null to label from
     *     the segmenter's masks
     * @param segmenter a segmentation model, or null for empty segmentation rows
     * @param tta horizontal-flip averaging for both models
     * @param masks a directory for {@code <id>.png} palette masks, or null for none
     */
    public static Result write(TrainedModel classifier, TrainedModel segmenter, Dataset dataset, String split,
            Path submission, boolean tta, Path masks) {
        return write(classifier, segmenter, dataset, split, submission, tta, new double[] {1}, masks);
    }

    /**
     * As {@link #write(TrainedModel, TrainedModel, Dataset, String, Path, boolean, Path)} with mixed-size TTA:
     * {@code scales} are factors of each model's input side whose probabilities are averaged ({1}: none).
     */
    public static Result write(TrainedModel classifier, TrainedModel segmenter, Dataset dataset, String split,
            Path submission, boolean tta, double[] scales, Path masks) {
        if (classifier == null && segmenter == null) {
            throw new IllegalArgumentException("predicting needs a classifier, a segmenter or both");
        }
        ClassificationPredictor classify = classifier == null ? null : classifier.classifier(tta, scales);
        SegmentationPredictor segment = segmenter == null ? null : segmenter.segmenter(tta, scales);
        List<String> ids = dataset.ids(split);
        Path predictions = submission.toAbsolutePath().resolveSibling(PREDICTIONS);
        try (SubmissionWriter rows = SubmissionWriter.create(submission);
                BufferedWriter probabilities = Files.newBufferedWriter(predictions, StandardCharsets.UTF_8)) {
            if (masks != null) {
                Files.createDirectories(masks);
            }
            probabilities.write("Id," + String.join(",", VocClasses.NAMES) + "\n");
            for (int start = 0; start < ids.size(); start += CHUNK) {
                List<String> chunk = ids.subList(start, Math.min(ids.size(), start + CHUNK));
                List<RgbImage> images = new ArrayList<>(chunk.size());
                for (String id : chunk) {
                    images.add(dataset.load(split, id).image());
                }
                float[][] p = classify == null ? null : classify.predict(classifier.manager(), images);
                for (int i = 0; i < chunk.size(); i++) {
                    RgbImage image = images.get(i);
                    Mask mask = segment == null ? Mask.blank(image.height(), image.width())
                            : segment.predict(segmenter.manager(), image);
                    float[] scores = p == null ? shares(mask) : p[i];
                    boolean[] labels = p == null ? present(scores) : classifier.thresholds().apply(scores);
                    rows.write(chunk.get(i), labels, mask);
                    probabilities.write(row(chunk.get(i), scores));
                    if (masks != null) {
                        PalettePng.write(masks.resolve(chunk.get(i) + ".png"), mask);
                    }
                }
                LOG.debug("predicted {} of {} images", start + chunk.size(), ids.size());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(predictions + ": cannot write the predictions: " + e.getMessage(), e);
        }
        LOG.info("wrote {} ({} images) and {}{}", submission, ids.size(), predictions,
                masks == null ? "" : " and the masks in " + masks);
        return new Result(submission, predictions, ids.size());
    }

    /** Each class's share of the mask's pixels (void and background counted in the whole). */
    static float[] shares(Mask mask) {
        float[] shares = new float[VocClasses.COUNT];
        byte[] values = mask.values();
        for (byte v : values) {
            int c = v & 0xFF;
            if (c >= 1 && c <= VocClasses.COUNT) {
                shares[c - 1]++;
            }
        }
        for (int c = 0; c < shares.length; c++) {
            shares[c] /= values.length;
        }
        return shares;
    }

    private static boolean[] present(float[] shares) {
        boolean[] labels = new boolean[shares.length];
        for (int c = 0; c < shares.length; c++) {
            labels[c] = shares[c] >= MIN_CLASS_SHARE;
        }
        return labels;
    }

    private static String row(String id, float[] p) {
        StringBuilder line = new StringBuilder(id);
        for (float v : p) {
            line.append(',').append(v);
        }
        return line.append('\n').toString();
    }
}
