package org.vocvision.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vocvision.data.Mask;
import org.vocvision.data.RgbImage;
import org.vocvision.data.VocClasses;
import org.vocvision.metric.Thresholds;
import org.vocvision.predict.ClassificationPredictor;
import org.vocvision.predict.SegmentationPredictor;
import org.vocvision.submit.RunLengthEncoding;
import org.vocvision.train.TrainedModel;

/**
 * One Spark task of BatchPredict: loads the runs once, then predicts its chunks of images (up to {@value #CHUNK},
 * cut from the listing's start as predict cuts them, so each forward pass sees the same batch) with the
 * predictors {@code predict} uses (the classifier's tuned thresholds pick the labels, the segmenter's mask at the
 * image's own size), one row per image. An image that cannot be read or predicted gives a row with its error
 * instead of failing the task; the models are released when the task ends, however it ends.
 */
final class PartitionPredictor implements FlatMapFunction<Iterator<List<ImageRef>>, Row>, Serializable {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionPredictor.class);

    /** Images per classifier forward pass, as predict's RunPrediction. */
    static final int CHUNK = 16;

    private final String run;
    private final String segRun;
    private final boolean tta;

    /** @param segRun the segmentation run, or null for rows without masks */
    PartitionPredictor(String run, String segRun, boolean tta) {
        this.run = run;
        this.segRun = segRun;
        this.tta = tta;
    }

    @Override
    public Iterator<Row> call(Iterator<List<ImageRef>> chunks) throws IOException {
        if (!chunks.hasNext()) {
            return java.util.Collections.emptyIterator();
        }
        ExecutorEngine.start();
        TrainedModel classifier = TrainedModel.load(Path.of(run));
        TrainedModel segmenter;
        try {
            segmenter = segRun == null ? null : TrainedModel.load(Path.of(segRun));
        } catch (IOException | RuntimeException e) {
            classifier.close();
            throw e;
        }
        Models models = new Models(classifier, segmenter, tta);
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) t -> models.close());
        }
        return new Iterator<>() {
            private final Deque<Row> ready = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                while (ready.isEmpty() && chunks.hasNext()) {
                    ready.addAll(models.predict(chunks.next()));
                }
                if (ready.isEmpty() && task == null) {
                    models.close();
                }
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.removeFirst();
            }
        };
    }

    /** The loaded runs of one task. */
    private static final class Models implements AutoCloseable {
        private final TrainedModel classifier;
        private final TrainedModel segmenter;
        private final ClassificationPredictor classify;
        private final SegmentationPredictor segment;
        private final Thresholds thresholds;
        private final ImageCollection collection = new ImageCollection();
        private boolean closed;

        Models(TrainedModel classifier, TrainedModel segmenter, boolean tta) {
            this.classifier = classifier;
            this.segmenter = segmenter;
            this.classify = classifier.classifier(tta);
            this.segment = segmenter == null ? null : segmenter.segmenter(tta);
            this.thresholds = classifier.thresholds();
        }

        List<Row> predict(List<ImageRef> chunk) {
            List<ImageCollection.Loaded> loaded = new ArrayList<>(chunk.size());
            String[] errors = new String[chunk.size()];
            for (int i = 0; i < chunk.size(); i++) {
                try {
                    loaded.add(collection.read(chunk.get(i)));
                } catch (RuntimeException e) {
                    loaded.add(null);
                    errors[i] = message(e);
                }
            }
            float[][] probabilities = classify(loaded, errors);
            List<Row> rows = new ArrayList<>(chunk.size());
            for (int i = 0; i < chunk.size(); i++) {
                ImageRef ref = chunk.get(i);
                ImageCollection.Loaded image = loaded.get(i);
                Mask mask = null;
                if (errors[i] == null && segment != null) {
                    try {
                        mask = segment.predict(segmenter.manager(), image.image());
                    } catch (RuntimeException e) {
                        errors[i] = message(e);
                    }
                }
                if (errors[i] != null) {
                    LOG.warn("{}: {}", ImageCollection.describe(ref), errors[i]);
                    rows.add(errorRow(ref, image, errors[i]));
                } else {
                    rows.add(row(ref, image, probabilities[i], thresholds.apply(probabilities[i]), mask));
                }
            }
            return rows;
        }

        /** The readable images' probabilities in one pass; image by image if the pass fails, to find the culprit. */
        private float[][] classify(List<ImageCollection.Loaded> loaded, String[] errors) {
            float[][] out = new float[loaded.size()][];
            List<RgbImage> images = new ArrayList<>();
            List<Integer> at = new ArrayList<>();
            for (int i = 0; i < loaded.size(); i++) {
                if (errors[i] == null) {
                    images.add(loaded.get(i).image());
                    at.add(i);
                }
            }
            if (images.isEmpty()) {
                return out;
            }
            try {
                float[][] p = classify.predict(classifier.manager(), images);
                for (int k = 0; k < p.length; k++) {
                    out[at.get(k)] = p[k];
                }
            } catch (RuntimeException batchFailed) {
                for (int k = 0; k < images.size(); k++) {
                    try {
                        out[at.get(k)] = classify.predict(classifier.manager(), List.of(images.get(k)))[0];
                    } catch (RuntimeException e) {
                        errors[at.get(k)] = message(e);
                    }
                }
            }
            return out;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                classifier.close();
                if (segmenter != null) {
                    segmenter.close();
                }
            }
        }
    }

    static Row row(ImageRef ref, ImageCollection.Loaded image, float[] p, boolean[] labels, Mask mask) {
        Object[] v = new Object[PredictionRows.COLUMNS];
        v[0] = ref.id();
        for (int c = 0; c < VocClasses.COUNT; c++) {
            v[PredictionRows.PROBABILITIES_AT + c] = p[c];
        }
        RgbImage pixels = image.image();
        v[PredictionRows.PATH_AT] = image.path();
        v[PredictionRows.PATH_AT + 1] = pixels.width();
        v[PredictionRows.PATH_AT + 2] = pixels.height();
        List<String> names = new ArrayList<>();
        for (int c = 0; c < VocClasses.COUNT; c++) {
            if (labels[c]) {
                names.add(VocClasses.NAMES.get(c));
            }
        }
        v[PredictionRows.PATH_AT + 3] = String.join(" ", names);
        if (mask != null) {
            v[PredictionRows.PATH_AT + 4] = RunLengthEncoding.encodeSegmentation(mask);
            long[] counts = new long[VocClasses.COUNT + 1];
            for (byte b : mask.values()) {
                int k = b & 0xFF;
                if (k < counts.length) {
                    counts[k]++;
                }
            }
            double pixelsInMask = (double) mask.values().length;
            for (int k = 0; k < counts.length; k++) {
                v[PredictionRows.SHARES_AT + k] = (float) (counts[k] / pixelsInMask);
            }
        }
        return RowFactory.create(v);
    }

    static Row errorRow(ImageRef ref, ImageCollection.Loaded image, String error) {
        Object[] v = new Object[PredictionRows.COLUMNS];
        v[0] = ref.id();
        v[PredictionRows.PATH_AT] = image == null ? ImageCollection.describe(ref) : image.path();
        if (image != null) {
            v[PredictionRows.PATH_AT + 1] = image.image().width();
            v[PredictionRows.PATH_AT + 2] = image.image().height();
        }
        v[PredictionRows.ERROR_AT] = error;
        return RowFactory.create(v);
    }

    private static String message(RuntimeException e) {
        String m = e.getMessage();
        return e instanceof UncheckedIOException || m == null ? e.getClass().getSimpleName() + ": " + m : m;
    }
}
