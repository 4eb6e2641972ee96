package org.vocvision.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.vocvision.model.ModelOptions;

class BenchTest {

    @Test
    void medianOfTheTimedStepsOnly() {
        // clock readings in ns: warm-up steps are not timed; timed steps take 3, 1, 2 s
        long[] ticks = {0, 3_000_000_000L, 10_000_000_000L, 11_000_000_000L, 20_000_000_000L, 22_000_000_000L};
        AtomicInteger next = new AtomicInteger();
        AtomicInteger steps = new AtomicInteger();
        StepTimer timer = new StepTimer(2, 3, () -> ticks[next.getAndIncrement()]);
        assertEquals(2.0, timer.medianSeconds(steps::incrementAndGet), 1e-12);
        assertEquals(5, steps.get());
        assertEquals(6, next.get());
        assertEquals(2.5, StepTimer.median(new double[] {4, 1, 2, 3}), 1e-12); // as Python's statistics.median
        assertThrows(IllegalArgumentException.class, () -> new StepTimer(0, 0));
    }

    @Test
    void resultLinesRoundTripAndReadThePythonScriptsOutput() {
        Measurement m = Measurement.of("alexnet_train", 32, 150, 2.0, 1382.5, 1000.0);
        assertEquals(16.0, m.imagesPerSecond(), 1e-12);
        assertEquals(382.5, m.stepRssMb(), 1e-12);
        assertEquals(m, Measurement.parse(m.toJson()));
        // a line as bench/torch_bench.py prints it (json.dumps), with a field vocvision does not know
        Measurement py = Measurement.parse("{\"case\": \"alexnet_train\", \"batch\": 32, \"size\": 150, \"images_per_s\": 19.3,"
                + " \"median_s\": 1.658, \"peak_rss_mb\": 1050.0, \"start_rss_mb\": 290.0, \"torch\": \"1.13.1\"}");
        assertEquals(19.3, py.imagesPerSecond(), 1e-12);
        assertEquals(760.0, py.stepRssMb(), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Measurement.parse("{\"case\": "));
        assertTrue(e.getMessage().contains("not a benchmark result line"), e.getMessage());
        assertEquals(List.of(py), BenchProcesses.parse(List.of("starting", py.toJson(), "")));
    }

    @Test
    void comparisonJoinsByCaseAndDividesOursByTheirs() {
        List<Measurement> ours = List.of(Measurement.of("a_train", 16, 224, 2.0, 900, 600), Measurement.of("data_path_224", 16, 224, 0.25, 400, 300));
        List<Measurement> theirs = List.of(Measurement.of("b_train", 8, 320, 1.0, 700, 100), Measurement.of("a_train", 16, 224, 4.0, 1000, 200));
        List<Comparison.Row> rows = Comparison.join(ours, theirs);
        assertEquals(List.of("a_train", "data_path_224", "b_train"), rows.stream().map(Comparison.Row::name).toList());
        assertEquals(2.0, rows.get(0).ratio(), 1e-12); // 8 images/s against 4
        assertTrue(Double.isNaN(rows.get(1).ratio()));
        assertNull(rows.get(2).vocvision());
        String table = Comparison.markdown(rows);
        assertTrue(table.contains("| a_train | 8.00 | 4.00 | 2.00x | 900 | 1000 | 300 | 800 |"), table);
        assertTrue(table.contains("| data_path_224 | 64.00 | - | - | 400 | - | 100 | - |"), table);

        String[] json = Comparison.jsonLines(rows).split("\n");
        assertEquals(3, json.length);
        assertTrue(json[0].startsWith("{\"case\":\"a_train\",\"vocvision\":{\"case\":\"a_train\""), json[0]);
        assertTrue(json[0].endsWith("\"ratio\":2.0}"), json[0]);
        assertTrue(json[1].contains("\"pytorch\":null,\"ratio\":null"), json[1]);
        assertTrue(json[2].contains("\"vocvision\":null"), json[2]);
        // each side's object reads back as the measurement it came from
        String theirsObject = json[0].substring(json[0].indexOf("\"pytorch\":") + 10, json[0].indexOf(",\"ratio\""));
        assertEquals(theirs.get(1), Measurement.parse(theirsObject));
    }

    @Test
    void casesAreTheIssuesAndTypo() {
        assertEquals(List.of("mobilenet_v2", "resnet50", "alexnet", "deeplabv3plus_mobilenet_v2",
                "convnext_tiny"), BenchCase.MODELS.stream().map(BenchCase::name).toList());
        assertEquals(8, BenchCase.named("deeplabv3plus_mobilenet_v2").batch());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchCase.named("resnet"));
        assertTrue(e.getMessage().contains("resnet50"), e.getMessage());
    }

    /** Tiny versions of the real cases: both phases measure a positive, finite speed and a peak RSS. */
    @Test
    void smallCasesMeasure() {
        for (BenchCase c : List.of(new BenchCase("tiny_cls", "mobilenet_v2", ModelOptions.defaults(), 2, 32),
                new BenchCase("tiny_seg", "deeplabv3plus", ModelOptions.defaults().withBackbone("mobilenet_v2"), 2, 64))) {
            List<Measurement> results = ModelBenchmark.run(c, new StepTimer(1, 2));
            assertEquals(List.of(c.name() + "_train", c.name() + "_infer"), results.stream().map(Measurement::name).toList());
            for (Measurement m : results) {
                assertTrue(m.imagesPerSecond() > 0 && Double.isFinite(m.imagesPerSecond()), m.toString());
                assertTrue(m.peakRssMb() > 10, m.toString());
            }
        }
        Measurement data = DataPathBenchmark.run(6, 1, new StepTimer(0, 1));
        assertEquals(BenchCase.DATA_PATH, data.name());
        assertTrue(data.imagesPerSecond() > 0 && Double.isFinite(data.imagesPerSecond()), data.toString());
    }
}
