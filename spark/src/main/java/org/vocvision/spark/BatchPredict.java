package org.vocvision.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.vocvision.data.Datasets;
import org.vocvision.data.Layout;
import org.vocvision.data.Mask;
import org.vocvision.data.VocClasses;
import org.vocvision.submit.RunLengthEncoding;
import org.vocvision.submit.SubmissionWriter;
import org.vocvision.train.TrainedModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spark-submit --class org.vocvision.spark.BatchPredict vocvision-spark.jar ...}: predicts a data set's
 * split or a collection of image files with trained runs, one task per partition, and writes one row per image
 * ({@link PredictionRows}) as parquet or CSV through Spark's output committer, so a retried task leaves each
 * image exactly once. {@code --submission} also writes the competition's submission.csv.
 */
@Command(name = "BatchPredict", mixinStandardHelpOptions = true,
        description = "Predicts images on Spark with a trained classifier and, if given, a trained segmenter.")
public final class BatchPredict implements Callable<Integer> {

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "The classification run (every executor reads it).")
    Path run;

    @Option(names = "--seg-run", paramLabel = "DIR", description = "The segmentation run (default: no masks).")
    Path segRun;

    @Option(names = "--data", paramLabel = "DIR", description = "A data set directory (VOCdevkit year or competition layout).")
    Path data;

    @Option(names = "--layout", paramLabel = "voc|competition", description = "The data set's layout (default: recognised).")
    String layout;

    @Option(names = "--split", defaultValue = "test", paramLabel = "NAME", description = "The split of --data (default ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--images", paramLabel = "GLOB", description = "Image files instead of --data: a directory, a file or a glob (photos/**.jpg).")
    String images;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The output directory Spark writes.")
    String out;

    @Option(names = "--format", defaultValue = "parquet", paramLabel = "parquet|csv", description = "Output format (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--submission", arity = "0..1", fallbackValue = "", paramLabel = "FILE",
            description = "Also write the competition's submission.csv (default: submission.csv beside --out).")
    String submission;

    @Option(names = "--tta", description = "Horizontal-flip test-time augmentation.")
    boolean tta;

    @Option(names = "--partitions", defaultValue = "0", paramLabel = "N", description = "Partitions (default: Spark's default parallelism).")
    int partitions;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master when not run by spark-submit, e.g. local[2].")
    String master;

    @Option(names = "--force", description = "Overwrite --out and the submission file.")
    boolean force;

    /** What a job wrote. */
    public record Result(String out, int images, int errors, Path submission, double seconds) {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new BatchPredict()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        SparkConf conf = new SparkConf().setAppName("vocvision BatchPredict");
        if (master != null) {
            conf.setMaster(master);
        }
        ExecutorEngine.configure(conf);
        try (SparkSession spark = SparkSession.builder().config(conf).getOrCreate()) {
            spark.sparkContext().setLogLevel(System.getProperty("vocvision.spark.logLevel", "WARN")); // Spark's INFO is per task
            Result r = run(spark);
            System.out.printf(Locale.ROOT, "wrote %s: %d images (%d with errors) in %.1f s, %.2f images/s%s%n", r.out(),
                    r.images(), r.errors(), r.seconds(), r.images() / r.seconds(),
                    r.submission() == null ? "" : "; and " + r.submission());
        }
        return 0;
    }

    /** Lists the images, predicts them and writes the output (and the submission). */
    public Result run(SparkSession spark) throws IOException {
        long start = System.nanoTime();
        List<ImageRef> refs = list();
        Path submissionFile = submission == null ? null
                : submission.isEmpty() ? Path.of(out).toAbsolutePath().resolveSibling("submission.csv") : Path.of(submission);
        if (submissionFile != null && !force && Files.exists(submissionFile)) {
            throw new IllegalArgumentException(submissionFile + " exists; give another --submission FILE, or --force");
        }
        Dataset<Row> rows = predict(spark, refs);
        write(rows, out, format, force);
        Dataset<Row> written = read(spark, out, format);
        int errors = (int) written.filter(written.col(PredictionRows.ERROR).isNotNull()).count();
        if (submissionFile != null) {
            writeSubmission(written, refs, submissionFile);
        }
        return new Result(out, refs.size(), errors, submissionFile, (System.nanoTime() - start) / 1e9);
    }

    /** The images of {@code --data}/{@code --split} (a run's held-out images as split heldout/val) or {@code --images}. */
    List<ImageRef> list() throws IOException {
        if ((data == null) == (images == null)) {
            throw new IllegalArgumentException("give exactly one of --data DIR or --images GLOB");
        }
        if (!format.equals("parquet") && !format.equals("csv")) {
            throw new IllegalArgumentException("--format must be parquet or csv, got " + format);
        }
        if (images != null) {
            return ImageCollection.files(images);
        }
        Layout l = layout == null ? null : Layout.valueOf(layout.toUpperCase(Locale.ROOT));
        org.vocvision.data.Dataset dataset = Datasets.open(data, l);
        if (!dataset.splits().contains(split)) {
            // heldout/val of a run: the images its recipe held out of one of the data set's own splits
            String source;
            try (TrainedModel classifier = TrainedModel.load(run)) {
                dataset = classifier.withHeldOut(dataset);
                source = classifier.recipe().provenance() == null ? null : classifier.recipe().provenance().split();
            }
            if (!dataset.splits().contains(split)) {
                throw new IllegalArgumentException(data + " has no split '" + split + "'; it has " + dataset.splits());
            }
            String root = dataset.root().toAbsolutePath().toString();
            String layoutName = l == null ? null : l.name();
            return dataset.ids(split).stream().map(id -> ImageRef.inDataset(root, layoutName, source, id)).toList();
        }
        return ImageCollection.split(dataset, l, split);
    }

    /** One row per image (lazy: nothing runs until the rows are written or counted). */
    Dataset<Row> predict(SparkSession spark, List<ImageRef> refs) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int slices = partitions > 0 ? partitions : jsc.defaultParallelism();
        List<List<ImageRef>> chunks = new java.util.ArrayList<>();
        for (int i = 0; i < refs.size(); i += PartitionPredictor.CHUNK) {
            chunks.add(List.copyOf(refs.subList(i, Math.min(refs.size(), i + PartitionPredictor.CHUNK))));
        }
        JavaRDD<Row> rows = jsc.parallelize(chunks, Math.max(1, Math.min(slices, chunks.size())))
                .mapPartitions(new PartitionPredictor(run.toAbsolutePath().toString(),
                        segRun == null ? null : segRun.toAbsolutePath().toString(), tta));
        return spark.createDataFrame(rows, PredictionRows.SCHEMA);
    }

    /** Writes through Spark's commit protocol: a retried or speculative task's output is committed once. */
    static void write(Dataset<Row> rows, String out, String format, boolean force) {
        rows.write().mode(force ? SaveMode.Overwrite : SaveMode.ErrorIfExists).format(format).option("header", "true")
                .save(out);
    }

    /** The rows of a finished output directory. */
    public static Dataset<Row> read(SparkSession spark, String out, String format) {
        return spark.read().format(format).schema(PredictionRows.SCHEMA).option("header", "true").load(out);
    }

    /**
     * submission.csv in the listing's order (test_set.csv's for a competition split) through the core's writer:
     * the labels' classes and the mask (an empty segmentation row without a segmenter, as predict writes).
     */
    static void writeSubmission(Dataset<Row> written, List<ImageRef> refs, Path file) {
        Map<String, Row> byImage = new HashMap<>();
        for (Row r : written.select(PredictionRows.ID, PredictionRows.PATH, PredictionRows.WIDTH, PredictionRows.HEIGHT,
                PredictionRows.LABELS, PredictionRows.MASK_RLE, PredictionRows.ERROR).collectAsList()) {
            if (byImage.put(r.getString(0), r) != null) {
                throw new IllegalArgumentException("two images have Id " + r.getString(0) + ": a submission needs unique"
                        + " ids (--data names them; --images uses file names' stems)");
            }
        }
        try (SubmissionWriter w = SubmissionWriter.create(file)) {
            for (ImageRef ref : refs) {
                Row r = byImage.get(ref.id());
                if (r == null) {
                    throw new IllegalStateException("image " + ref.id() + " has no row in the output");
                }
                boolean[] classes = new boolean[VocClasses.COUNT];
                if (!r.isNullAt(4)) {
                    for (String name : r.getString(4).split(" ")) {
                        if (!name.isEmpty()) {
                            classes[VocClasses.indexOf(name)] = true;
                        }
                    }
                }
                int width = r.isNullAt(2) ? 1 : r.getInt(2);
                int height = r.isNullAt(3) ? 1 : r.getInt(3);
                Mask mask = r.isNullAt(5) ? Mask.blank(height, width)
                        : RunLengthEncoding.decodeSegmentation(r.getString(5), height, width);
                w.write(ref.id(), classes, mask);
            }
        }
    }
}
