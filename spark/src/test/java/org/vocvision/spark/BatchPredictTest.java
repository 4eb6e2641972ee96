package org.vocvision.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vocvision.data.JpegImage;
import org.vocvision.data.Layout;
import org.vocvision.data.NpyFormat;
import org.vocvision.data.RgbImage;
import org.vocvision.data.VocClasses;
import org.vocvision.submit.Submission;
import picocli.CommandLine;

/** BatchPredict on local[2] against single-process predict, under task failures, and on broken files. */
class BatchPredictTest {

    private static SparkFixture f;
    /** predict's files for the test split. */
    private static Path predictDir;

    @BeforeAll
    static void predictSingleProcess() throws Exception {
        f = SparkFixture.get();
        predictDir = f.dir.resolve("predict");
        SparkFixture.cli("predict", "--run", f.cls.toString(), "--seg-run", f.seg.toString(), "--data", f.data.toString(),
                "--split", "test", "--out", predictDir.resolve("submission.csv").toString());
    }

    private static BatchPredict job(String... args) {
        BatchPredict job = new BatchPredict();
        new CommandLine(job).parseArgs(args);
        return job;
    }

    /** The rows of a CSV output directory, part files in order (Spark writes partitions in input order). */
    private static List<String> csvLines(Path out) throws Exception {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> parts = Files.list(out)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                List<String> l = Files.readAllLines(part);
                if (lines.isEmpty()) {
                    lines.addAll(l);
                } else {
                    assertEquals(lines.get(0), l.get(0), "every part file has the same header");
                    lines.addAll(l.subList(1, l.size()));
                }
            }
        }
        return lines;
    }

    @Test
    void csvOutputEqualsPredictRowForRow() throws Exception {
        Path out = f.dir.resolve("spark-csv");
        BatchPredict.Result r = job("--run", f.cls.toString(), "--seg-run", f.seg.toString(), "--data", f.data.toString(),
                "--split", "test", "--out", out.toString(), "--format", "csv", "--submission", "--partitions", "3").run(f.spark);
        assertEquals(SparkFixture.TEST, r.images());
        assertEquals(0, r.errors());

        List<String> expected = Files.readAllLines(predictDir.resolve("predictions.csv"));
        List<String> actual = csvLines(out);
        assertEquals(expected.size(), actual.size());
        String[] header = actual.get(0).split(",", -1);
        assertEquals(expected.get(0), String.join(",", List.of(header).subList(0, 1 + VocClasses.COUNT)),
                "the first 21 columns are predictions.csv's");
        Submission single = Submission.read(predictDir.resolve("submission.csv"));
        for (int i = 1; i < expected.size(); i++) {
            String[] e = expected.get(i).split(",", -1);
            String[] a = actual.get(i).split(",", -1);
            assertEquals(e[0], a[0], "row " + i + ": same image in the same place");
            for (int c = 1; c <= VocClasses.COUNT; c++) {
                assertEquals(Float.parseFloat(e[c]), Float.parseFloat(a[c]), 1e-6f, "row " + i + " class " + c);
            }
            assertEquals(single.rows().get(2 * (i - 1) + 1).field(), a[PredictionRows.PATH_AT + 4], "row " + i + ": mask");
            assertEquals("", a[PredictionRows.ERROR_AT], "no error");
        }
        // the competition file equals predict's, line for line
        assertEquals(Files.readAllLines(predictDir.resolve("submission.csv")), Files.readAllLines(r.submission()));
    }

    /** A task that dies mid-way on its first attempt is retried; the committed output has each image once. */
    @Test
    void aTaskFailingOnItsFirstAttemptLeavesEachImageOnce() throws Exception {
        BatchPredict job = job("--run", f.cls.toString(), "--seg-run", f.seg.toString(), "--data", f.data.toString(),
                "--split", "test", "--out", f.dir.resolve("unused").toString(), "--partitions", "3");
        Dataset<Row> rows = job.predict(f.spark, job.list());
        JavaRDD<Row> failing = rows.javaRDD().mapPartitions(FailFirstAttempt::wrap);
        Path out = f.dir.resolve("spark-retried");
        FailFirstAttempt.FAILURES.set(0);
        BatchPredict.write(f.spark.createDataFrame(failing, PredictionRows.SCHEMA), out.toString(), "parquet", false);
        assertEquals(3, FailFirstAttempt.FAILURES.get(), "each of the 3 tasks (16 images each) failed once, after writing rows");

        List<Row> written = BatchPredict.read(f.spark, out.toString(), "parquet").collectAsList();
        Map<String, Row> byId = new TreeMap<>();
        for (Row r : written) {
            assertNull(byId.put(r.getString(0), r), "image " + r.getString(0) + " written twice");
        }
        assertEquals(SparkFixture.TEST, written.size());
        List<String> expected = Files.readAllLines(predictDir.resolve("predictions.csv"));
        for (String line : expected.subList(1, expected.size())) {
            String[] e = line.split(",");
            Row r = byId.get(e[0]);
            assertNotNull(r, "image " + e[0]);
            for (int c = 1; c <= VocClasses.COUNT; c++) {
                assertEquals(Float.parseFloat(e[c]), r.getFloat(c), 1e-6f);
            }
        }
    }

    /** Fails each task's first attempt after its first two rows have gone to the writer. */
    static final class FailFirstAttempt {
        static final AtomicInteger FAILURES = new AtomicInteger();

        static Iterator<Row> wrap(Iterator<Row> rows) {
            TaskContext task = TaskContext.get();
            return new Iterator<>() {
                private int given;

                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public Row next() {
                    if (task.attemptNumber() == 0 && given == 2) {
                        FAILURES.incrementAndGet();
                        throw new IllegalStateException("injected failure: task " + task.partitionId() + " attempt 0");
                    }
                    given++;
                    return rows.next();
                }
            };
        }
    }

    /** Broken files give rows with their error; the readable ones are predicted; the job succeeds. */
    @Test
    void corruptImagesGiveErrorRows() throws Exception {
        Path images = f.dir.resolve("photos");
        Files.createDirectories(images);
        RgbImage good = NpyFormat.readImage(f.data.resolve("test/img/test_0.npy"));
        JpegImage.write(images.resolve("a_good.jpg"), good, 0.9f);
        Files.copy(f.data.resolve("test/img/test_1.npy"), images.resolve("b_good.npy"));
        Files.write(images.resolve("c_garbage.jpg"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Files.write(images.resolve("d_empty.png"), new byte[0]);
        byte[] npy = Files.readAllBytes(f.data.resolve("test/img/test_2.npy"));
        Files.write(images.resolve("e_truncated.npy"), java.util.Arrays.copyOf(npy, npy.length / 2));
        Files.writeString(images.resolve("notes.txt"), "not an image");

        Path out = f.dir.resolve("spark-photos");
        BatchPredict.Result r = job("--run", f.cls.toString(), "--seg-run", f.seg.toString(), "--images", images.toString(),
                "--out", out.toString(), "--format", "parquet", "--partitions", "2").run(f.spark);
        assertEquals(5, r.images(), "the directory's .jpg/.png/.npy files");
        assertEquals(3, r.errors());
        Map<String, Row> byId = new TreeMap<>();
        for (Row row : BatchPredict.read(f.spark, out.toString(), "parquet").collectAsList()) {
            byId.put(row.getString(0), row);
        }
        assertEquals(List.of("a_good", "b_good", "c_garbage", "d_empty", "e_truncated"), new ArrayList<>(byId.keySet()));
        for (String ok : List.of("a_good", "b_good")) {
            Row row = byId.get(ok);
            assertTrue(row.isNullAt(PredictionRows.ERROR_AT), ok + ": " + row);
            assertEquals(good.width(), row.getInt(PredictionRows.PATH_AT + 1));
            float shares = 0;
            for (int k = 0; k <= VocClasses.COUNT; k++) {
                shares += row.getFloat(PredictionRows.SHARES_AT + k);
            }
            assertEquals(1f, shares, 1e-5f, "pixel shares sum to 1");
            assertTrue(!row.isNullAt(PredictionRows.PATH_AT + 4), ok + " has a mask");
        }
        for (String bad : List.of("c_garbage", "d_empty", "e_truncated")) {
            Row row = byId.get(bad);
            assertTrue(!row.isNullAt(PredictionRows.ERROR_AT), bad + " has an error");
            assertTrue(row.getString(PredictionRows.ERROR_AT).contains(bad), "the error names the file: " + row.getString(PredictionRows.ERROR_AT));
            assertTrue(row.isNullAt(1), "no probabilities");
        }
    }
}
