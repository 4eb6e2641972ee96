package org.vocvision.spark;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import ai.djl.pytorch.jni.JniUtils;
import org.vocvision.cli.Main;
import org.vocvision.engine.OfflineEngine;
import org.vocvision.data.Layout;
import org.vocvision.data.SyntheticVoc;

/**
 * What the Spark tests share, made once per test JVM: a local Spark session with two cores and up to four
 * attempts per task ({@code local[2,4]}: failure injection needs retries), and a tiny synthetic competition
 * data set with a classifier and a segmenter trained one epoch on it (long side 40, width 0.25, 32 px, as the
 * core's TrainPredictCommandsTest).
 */
final class SparkFixture {

    static final int TRAIN = 16;
    static final int TEST = 48;

    private static SparkFixture instance;

    final Path dir;
    final Path data;
    final Path cls;
    final Path seg;
    final SparkSession spark;

    private SparkFixture() throws Exception {
        // libtorch's thread count changes conv sums in the last float bits (up to 2e-6 here) and so can flip a
        // near-tie mask pixel: single-process predict runs with the thread count of a Spark task, 1
        OfflineEngine.start();
        JniUtils.setNumThreads(1);
        dir = Files.createTempDirectory("vocvision-spark");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> org.apache.commons.io.FileUtils.deleteQuietly(dir.toFile())));
        data = dir.resolve("data");
        SyntheticVoc.builder().optSeed(3).optLongSide(40).build().write(data, Layout.COMPETITION, TRAIN, TEST);
        cls = dir.resolve("cls");
        seg = dir.resolve("seg");
        cli("train", "classifier", "--data", data.toString(), "--model", "mobilenet_v2", "--width", "0.25",
                "--image-size", "32", "--batch", "8", "--epochs", "1", "--run", cls.toString());
        cli("train", "segmenter", "--data", data.toString(), "--width", "0.25", "--crop", "32", "--batch", "4",
                "--epochs", "1", "--run", seg.toString());
        SparkConf conf = new SparkConf().setMaster("local[2,4]").setAppName("vocvision-spark tests")
                .set("spark.ui.enabled", "false").set("spark.sql.shuffle.partitions", "2");
        ExecutorEngine.configure(conf);
        spark = SparkSession.builder().config(conf).getOrCreate();
    }

    static synchronized SparkFixture get() throws Exception {
        if (instance == null) {
            instance = new SparkFixture();
        }
        return instance;
    }

    static void cli(String... args) {
        StringWriter out = new StringWriter();
        picocli.CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int rc = cli.execute(args);
        if (rc != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed (" + rc + "): " + out);
        }
    }
}
