package org.vocvision.attack;

import org.vocvision.task.Task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vocvision.data.Batch;
import org.vocvision.engine.OfflineEngine;

/** A sweep over eps on a tiny trained classifier, its attack.json and its figures. */
class RobustnessEvaluationTest {

    private static NDManager manager;
    private static Block classifier;
    private static List<Batch> batches;

    @BeforeAll
    static void trainClassifier() {
        manager = OfflineEngine.newManager();
        Engine.getInstance().setRandomSeed(3);
        classifier = TinyNets.classifier(manager);
        TinyNets.train(classifier, TinyNets.colourImages(manager, 128, 1), Task.CLASSIFICATION, 120, 0.05f);
        batches = TinyNets.batches(TinyNets.colourImages(manager, 64, 31), 32);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** Fraction of (image, class) labels predicted right: a stand-in for mAP, computed by hand. */
    static final class LabelAccuracy implements RobustnessEvaluation.Metric {
        private double right;
        private double total;

        @Override
        public void add(NDArray logits, Batch batch) {
            float[] l = logits.toFloatArray();
            for (int k = 0; k < l.length; k++) {
                right += (l[k] > 0) == (batch.targets()[k] > 0.5f) ? 1 : 0;
                total++;
            }
        }

        @Override
        public double value() {
            return right / total;
        }
    }

    private static final RobustnessEvaluation.GoalMaker UNTARGETED =
            (batch, m, clean) -> TinyNets.untargeted(new UniversalPerturbation.BatchInManager(batch, m));

    /** PGD, 8 steps of eps / 4, through the sweep the attack command runs. */
    private static List<EpsResult> sweep() {
        AttackSettings settings = AttackSettings.of("pgd", new AttackParams(Norm.LINF, 8, 0, false),
                List.of(0.0, 8.0 / 255, 32.0 / 255), 64, 32, 0);
        try (AttackSweep sweep = new AttackSweep(classifier, settings, UNTARGETED)) {
            return sweep.run(batches, LabelAccuracy::new, "classification", "mAP").results();
        }
    }

    /**
     * What Spark's BatchAttack relies on: batches attacked apart (here in reverse order, two threads at once, with
     * the engine's generator drawn in between) and summarised in the set's order give the single-pass result.
     */
    @Test
    void batchesMeasuredApartSummariseToTheSameSweep() throws Exception {
        List<Batch> small = TinyNets.batches(TinyNets.colourImages(manager, 48, 41), 12);
        AttackSettings settings = AttackSettings.of("pgd", new AttackParams(Norm.LINF, 4, 0, false),
                List.of(16.0 / 255), 48, 12, 11);
        EpsResult whole;
        try (AttackSweep sweep = new AttackSweep(classifier, settings, UNTARGETED)) {
            whole = sweep.run(small, LabelAccuracy::new, "classification", "mAP").results().get(0);
        }

        RobustnessEvaluation evaluation = new RobustnessEvaluation(classifier, UNTARGETED, null);
        Attack pgd = Pgd.builder().setEps(16.0 / 255).optAlpha(4.0 / 255).optSteps(4).build();
        RobustnessEvaluation.BatchResult[] parts = new RobustnessEvaluation.BatchResult[small.size()];
        Thread other = new Thread(() -> {
            for (int b = 0; b < small.size(); b += 2) {
                parts[b] = evaluation.measure(pgd, small.get(b));
            }
        });
        other.start();
        for (int b = small.size() - 1; b >= 1; b -= 2) {
            manager.randomUniform(0, 1, new Shape(7)); // the global generator moves: PGD's start must not care
            parts[b] = evaluation.measure(pgd, small.get(b));
        }
        other.join();
        EpsResult apart = RobustnessEvaluation.summarize(16.0 / 255, List.of(parts), new LabelAccuracy(), whole.seconds());
        assertEquals(whole, apart);
        assertTrue(whole.successRate() > 0, "the attack does something: " + whole);
    }

    @Test
    void successGrowsAndTheMetricFallsWithEps(@TempDir Path dir) throws Exception {
        List<EpsResult> results = sweep();
        EpsResult zero = results.get(0);
        assertEquals(0.0, zero.successRate());
        assertEquals(0.0, zero.linf());
        assertEquals(Double.POSITIVE_INFINITY, zero.psnr());
        assertEquals(1.0, zero.ssim(), 1e-12);
        assertEquals(64, zero.images());
        assertTrue(zero.metric() > 0.9, "clean label accuracy " + zero.metric());
        for (int i = 1; i < results.size(); i++) {
            EpsResult r = results.get(i);
            assertTrue(r.successRate() >= results.get(i - 1).successRate(), "success fell: " + results);
            assertTrue(r.metric() <= results.get(i - 1).metric(), "metric rose: " + results);
            assertTrue(r.linf() <= r.eps() + 1e-6 && r.linf() > 0.5 * r.eps(), "linf " + r.linf() + " at eps " + r.eps());
            // MSE <= linf^2, so PSNR >= -20 log10(linf)
            assertTrue(r.psnr() >= -20 * Math.log10(r.linf()) - 1e-6 && r.ssim() < 1, r.toString());
        }
        assertTrue(results.get(2).successRate() > 0.3, results.toString());

        AttackReport report = new AttackReport("pgd", "classification", "mAP", results);
        Path file = dir.resolve("attack.json");
        Files.writeString(file, report.toJsonString());
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals("pgd", json.get("method").asText());
        assertEquals("classification", json.get("task").asText());
        assertEquals(3, json.get("results").size());
        JsonNode first = json.get("results").get(0);
        for (String key : List.of("eps", "success_rate", "metric", "linf", "l2", "psnr", "ssim")) {
            assertTrue(first.has(key), "attack.json lacks " + key);
        }
        assertTrue(first.get("psnr").isNull(), "infinite PSNR must be null");
        assertEquals(results.get(2).linf(), json.get("results").get(2).get("linf").asDouble(), 1e-12);

        Path curve = dir.resolve("figures/robustness.png");
        org.vocvision.report.RobustnessCurve.write(curve, report, "label accuracy");
        BufferedImage png = ImageIO.read(curve.toFile());
        assertEquals(640, png.getWidth());
        assertEquals(420, png.getHeight());
    }
}
