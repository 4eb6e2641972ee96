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
import org.vocvision.data.RgbImage;
import org.vocvision.data.VocClasses;
import org.vocvision.train.TrainedModel;
import org.vocvision.predict.ClassificationPredictor;
import org.vocvision.predict.SegmentationPredictor;

/**
 * Predicts a data set split with trained runs and writes the competition's submission.csv: per image,
 * in the split's order, the classes the classifier's tuned thresholds pick and the segmenter's mask at
 * the image's own size (an empty segmentation row without a segmenter). Beside it goes
 * {@code predictions.csv}: {@code Id} and the 20 class probabilities, for ensembling or re-thresholding.
 */
public final class RunPrediction {

    private static final Logger LOG = LoggerFactory.getLogger(RunPrediction.class);

    /** The probabilities file written beside the submission. */
    public static final String PREDICTIONS = "predictions.csv";

    /** Images per classifier forward pass. */
    private static final int CHUNK = 16;

    /** What was written. */
    public record Result(Path submission, Path predictions, int images) {}

    private RunPrediction() {}

    /**
     * @param classifier a classification run's model (its tuned thresholds decide the labels)
     * @param segmenter a segmentation run's model, or null for empty segmentation rows
     * @param tta horizontal-flip averaging for both models
     */
    public static Result write(TrainedModel classifier, TrainedModel segmenter, Dataset dataset, String split,
            Path submission, boolean tta) {
        ClassificationPredictor classify = classifier.classifier(tta);
        SegmentationPredictor segment = segmenter == null ? null : segmenter.segmenter(tta);
        List<String> ids = dataset.ids(split);
        Path predictions = submission.toAbsolutePath().resolveSibling(PREDICTIONS);
        try (SubmissionWriter rows = SubmissionWriter.create(submission);
                BufferedWriter probabilities = Files.newBufferedWriter(predictions, StandardCharsets.UTF_8)) {
            probabilities.write("Id," + String.join(",", VocClasses.NAMES) + "\n");
            for (int start = 0; start < ids.size(); start += CHUNK) {
                List<String> chunk = ids.subList(start, Math.min(ids.size(), start + CHUNK));
                List<RgbImage> images = new ArrayList<>(chunk.size());
                for (String id : chunk) {
                    images.add(dataset.load(split, id).image());
                }
                float[][] p = classify.predict(classifier.manager(), images);
                for (int i = 0; i < chunk.size(); i++) {
                    RgbImage image = images.get(i);
                    Mask mask = segment == null ? Mask.blank(image.height(), image.width())
                            : segment.predict(segmenter.manager(), image);
                    rows.write(chunk.get(i), classifier.thresholds().apply(p[i]), mask);
                    probabilities.write(row(chunk.get(i), p[i]));
                }
                LOG.debug("predicted {} of {} images", start + chunk.size(), ids.size());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(predictions + ": cannot write the predictions: " + e.getMessage(), e);
        }
        LOG.info("wrote {} ({} images) and {}", submission, ids.size(), predictions);
        return new Result(submission, predictions, ids.size());
    }

    private static String row(String id, float[] p) {
        StringBuilder line = new StringBuilder(id);
        for (float v : p) {
            line.append(',').append(v);
        }
        return line.append('\n').toString();
    }
}
