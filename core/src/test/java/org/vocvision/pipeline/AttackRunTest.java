package org.vocvision.pipeline;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
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
import org.vocvision.attack.AttackParams;
import org.vocvision.attack.AttackReport;
import org.vocvision.attack.AttackSettings;
import org.vocvision.attack.EpsResult;
import org.vocvision.attack.InputDefence;
import org.vocvision.attack.InputGradient;
import org.vocvision.attack.Norm;
import org.vocvision.attack.TinyNets;
import org.vocvision.data.Batch;
import org.vocvision.data.VocClasses;
import org.vocvision.engine.OfflineEngine;
import org.vocvision.metric.ConfusionMatrix;
import org.vocvision.metric.MultiLabelEvaluator;
import org.vocvision.report.AttackGrid;
import org.vocvision.task.Classification;
import org.vocvision.task.Task;

/** Attack sweeps and their files on tiny VOC-shaped models trained here (the task gives goal, success and metric). */
class AttackRunTest {

    private static final int SIZE = TinyNets.SIZE;
    private static NDManager manager;
    private static List<Batch> classificationVal;
    private static List<Batch> segmentationVal;
    private static Block classifier;
    private static Block segmenter;

    /**
     * TinyNets' colour images (labels 0..2 from the colour, the other 17 VOC classes absent) and region
     * images (masks of background and classes 1..2), learned in a second, with VOC-shaped outputs: 20
     * logits, or 21 per pixel.
     */
    @BeforeAll
    static void train() {
        manager = OfflineEngine.newManager();
        Engine.getInstance().setRandomSeed(5);
        classifier = new SequentialBlock()
                .add(conv(3, 8)).add(Activation.reluBlock())
                .add(Pool.globalAvgPool2dBlock())
                .add(Linear.builder().setUnits(VocClasses.COUNT).build());
        classifier.initialize(manager, DataType.FLOAT32, new Shape(1, 3, SIZE, SIZE));
        TinyNets.train(classifier, vocTargets(TinyNets.colourImages(manager, 128, 1)), Task.CLASSIFICATION, 120, 0.05f);
        classificationVal = batches(vocTargets(TinyNets.colourImages(manager, 12, 31)), 8);

        segmenter = new SequentialBlock()
                .add(conv(3, 8)).add(Activation.reluBlock())
                .add(conv(1, VocClasses.COUNT + 1));
        segmenter.initialize(manager, DataType.FLOAT32, new Shape(1, 3, SIZE, SIZE));
        TinyNets.train(segmenter, TinyNets.regionImages(manager, 64, 2), Task.SEGMENTATION, 120, 0.05f);
        segmentationVal = batches(TinyNets.regionImages(manager, 12, 32), 8);
    }

    /** (N,3) labels widened to (N,20) VOC targets. */
    private static NDList vocTargets(NDList data) {
        NDArray labels = data.get(1);
        long n = labels.getShape().get(0);
        NDArray rest = manager.zeros(new Shape(n, VocClasses.COUNT - TinyNets.CLASSES));
        return new NDList(data.get(0), labels.concat(rest, 1));
    }

    /** Data batches of (images, (N,20) targets) or (images, (N,H,W) masks). */
    private static List<Batch> batches(NDList data, int batchSize) {
        float[] images = data.get(0).toFloatArray();
        boolean masks = data.get(1).getShape().dimension() == 3;
        float[] targets = masks ? null : data.get(1).toFloatArray();
        byte[] mask = masks ? data.get(1).toType(DataType.UINT8, false).toByteArray() : null;
        int n = (int) data.get(0).getShape().get(0);
        int plane = SIZE * SIZE;
        List<Batch> out = new java.util.ArrayList<>();
        for (int start = 0; start < n; start += batchSize) {
            int end = Math.min(n, start + batchSize);
            List<String> ids = new java.util.ArrayList<>();
            for (int i = start; i < end; i++) {
                ids.add("img" + i);
            }
            out.add(new Batch(ids, SIZE, SIZE, java.util.Arrays.copyOfRange(images, start * 3 * plane, end * 3 * plane),
                    masks ? null : java.util.Arrays.copyOfRange(targets, start * VocClasses.COUNT, end * VocClasses.COUNT),
                    masks ? java.util.Arrays.copyOfRange(mask, start * plane, end * plane) : null));
        }
        return out;
    }

    private static List<Batch> val(Task task) {
        return task == Task.CLASSIFICATION ? classificationVal : segmentationVal;
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static Block conv(int kernel, int filters) {
        return Conv2d.builder().setKernelShape(new Shape(kernel, kernel)).optPadding(new Shape(kernel / 2, kernel / 2))
                .setFilters(filters).build();
    }

    private static AttackSettings settings(String method, List<Double> eps, int steps) {
        return new AttackSettings(method, new AttackParams(Norm.LINF, steps, 0, false), eps, null, 12, 8, 1, null);
    }

    private static AttackReport run(Task task, AttackSettings settings, Path dir) throws java.io.IOException {
        return AttackRun.run(task == Task.CLASSIFICATION ? classifier : segmenter, task, val(task), settings, dir);
    }

    /** The metric on the clean images, computed here directly from the model's outputs. */
    private static double cleanMetric(Block model, Task task) {
        MultiLabelEvaluator evaluator = new MultiLabelEvaluator(VocClasses.COUNT);
        ConfusionMatrix matrix = new ConfusionMatrix();
        for (Batch b : val(task)) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray logits = InputGradient.forward(model, b.images(scope));
                if (task == Task.CLASSIFICATION) {
                    evaluator.add(Activation.sigmoid(logits), b.targets());
                } else {
                    matrix.update(b.masks(scope), logits.argMax(1));
                }
            }
        }
        // the definition training validates with: one mAP for both (issue "one measurement per metric")
        return task == Task.CLASSIFICATION ? evaluator.meanAveragePrecision(Classification.MAP_DEFINITION) : matrix.meanIou();
    }

    private static void checkSweep(Path dir, String method, Block model, Task task, List<Double> eps) throws Exception {
        JsonNode json = new ObjectMapper().readTree(dir.resolve("attack.json").toFile());
        assertEquals(method, json.get("method").asText());
        assertEquals(task.name(), json.get("task").asText());
        assertEquals(task.metricLabel(), json.get("metric_name").asText());
        JsonNode results = json.get("results");
        assertEquals(eps.size(), results.size());
        for (int i = 0; i < eps.size(); i++) {
            JsonNode r = results.get(i);
            assertEquals(eps.get(i), r.get("eps").asDouble(), 1e-12);
            assertTrue(r.get("linf").asDouble() <= eps.get(i) + 1e-6, "linf above eps: " + r);
        }
        JsonNode zero = results.get(0);
        assertEquals(0.0, zero.get("success_rate").asDouble());
        assertEquals(0.0, zero.get("linf").asDouble());
        assertEquals(cleanMetric(model, task), zero.get("metric").asDouble(), 1e-9);
        assertEquals(Files.readString(dir.resolve("attack.json")), Files.readString(dir.resolve("attack-" + method + ".json")));
        assertTrue(ImageIO.read(dir.resolve("figures/robustness-" + method + ".png").toFile()).getWidth() > 0);
        BufferedImage grid = ImageIO.read(dir.resolve("figures/attack-grid-" + method + ".png").toFile());
        assertEquals(24 + AttackGrid.CELL * AttackRun.GRID_ROWS + AttackGrid.FOOTER, grid.getHeight(), "rows and the legend");
    }

    @Test
    void pgdOnAClassifierWritesOneEntryPerEpsAndFigures(@TempDir Path dir) throws Exception {
        List<Double> eps = List.of(0.0, 4.0 / 255, 32.0 / 255);
        AttackReport report = run(Task.CLASSIFICATION, settings("pgd", eps, 5), dir);
        checkSweep(dir, "pgd", classifier, Task.CLASSIFICATION, eps);
        EpsResult strongest = report.results().get(2);
        assertEquals(12, strongest.images());
        assertTrue(strongest.successRate() > 0 && strongest.linf() > 16.0 / 255, strongest.toString());
        assertTrue(strongest.metric() < report.results().get(0).metric(), report.results().toString());
    }

    @Test
    void pgdOnASegmenterMeasuresMiou(@TempDir Path dir) throws Exception {
        List<Double> eps = List.of(0.0, 16.0 / 255);
        AttackReport report = run(Task.SEGMENTATION, settings("pgd", eps, 5), dir);
        checkSweep(dir, "pgd", segmenter, Task.SEGMENTATION, eps);
        assertTrue(report.results().get(1).successRate() > 0, report.results().toString());
    }

    @Test
    void learnedAttacksStayInTheBall(@TempDir Path dir) throws Exception {
        List<Double> eps = List.of(0.0, 16.0 / 255);
        for (String method : List.of("universal", "generator")) {
            run(Task.CLASSIFICATION, settings(method, eps, 2), dir);
            checkSweep(dir, method, classifier, Task.CLASSIFICATION, eps);
        }
        assertTrue(Files.exists(dir.resolve("attack-universal.json")));
    }

    @Test
    void targetedSegmentationVanishesAClass(@TempDir Path dir) throws Exception {
        AttackSettings s = new AttackSettings("bim", new AttackParams(Norm.LINF, 5, 0, false), List.of(0.0, 32.0 / 255),
                "vanish:aeroplane", 12, 8, 1, null);
        AttackReport report = run(Task.SEGMENTATION, s, dir);
        // the target is the clean prediction with aeroplane (class 1, the red regions) made background:
        // only the aeroplane pixels miss it at eps 0
        double clean = report.results().get(0).successRate();
        assertTrue(clean > 0.2 && clean < 0.95, report.results().toString());
        assertTrue(report.results().get(1).successRate() > clean + 0.05, report.results().toString());
        assertThrows(IllegalArgumentException.class, () -> Task.SEGMENTATION.goals("add:cat"));
    }

    @Test
    void labelTargetsFromASpec() {
        float[][] tc = Classification.labelTarget("add:cat, remove:person");
        float[] target = new float[20];
        float[] care = new float[20];
        target[7] = 1; // cat
        care[7] = 1;
        care[14] = 1; // person
        assertArrayEquals(target, tc[0]);
        assertArrayEquals(care, tc[1]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Classification.labelTarget("add:kat"));
        assertTrue(e.getMessage().contains("'kat'") && e.getMessage().contains("aeroplane") && e.getMessage().contains("tvmonitor"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Classification.labelTarget("paint:cat"));
        assertThrows(IllegalArgumentException.class, () -> Classification.labelTarget("add:cat,remove:cat"));
    }

    @Test
    void defenceIsMeasuredAndNamed(@TempDir Path dir) throws Exception {
        List<Double> eps = List.of(0.0, 8.0 / 255);
        AttackReport plain = run(Task.CLASSIFICATION, settings("fgsm", eps, 0), dir);
        // a "defence" that blanks every image: if it is applied, the model sees nothing
        InputDefence blank = new InputDefence() {
            @Override
            public ai.djl.ndarray.NDArray apply(ai.djl.ndarray.NDArray images) {
                return images.zerosLike();
            }

            @Override
            public String name() {
                return "blank";
            }
        };
        AttackSettings defended = new AttackSettings("fgsm", AttackParams.DEFAULT, eps, null, 12, 8, 1, blank);
        AttackReport report = run(Task.CLASSIFICATION, defended, dir);
        assertEquals("fgsm-vs-blank", report.method());
        assertTrue(Files.exists(dir.resolve("attack-fgsm-vs-blank.json")));
        assertTrue(Files.exists(dir.resolve("attack-fgsm.json")));
        // blank images: one prediction for all, so the clean mAP falls and no attack can change anything
        List<Double> plainScores = plain.results().stream().flatMap(r -> java.util.stream.Stream.of(r.metric(), r.successRate())).toList();
        List<Double> defendedScores = report.results().stream().flatMap(r -> java.util.stream.Stream.of(r.metric(), r.successRate())).toList();
        assertNotEquals(plainScores, defendedScores);
        assertTrue(report.results().get(0).metric() < plain.results().get(0).metric(), report.results().toString());
        assertEquals(0, report.results().get(1).successRate(), 1e-12);
    }

    @Test
    void segPgdRunsOnTheSegmenterOnly(@TempDir Path dir) throws Exception {
        List<Double> eps = List.of(0.0, 8.0 / 255);
        AttackParams segPgd = new AttackParams(Norm.LINF, 3, 0, true);
        AttackReport report = run(Task.SEGMENTATION, new AttackSettings("pgd", segPgd, eps, null, 12, 8, 1, null), dir);
        assertEquals("pgd-segpgd", report.method());
        assertTrue(report.results().get(1).successRate() > report.results().get(0).successRate(), report.results().toString());
        assertThrows(IllegalArgumentException.class, () -> run(Task.CLASSIFICATION,
                new AttackSettings("pgd", segPgd, eps, null, 12, 8, 1, null), dir));
        assertThrows(IllegalArgumentException.class, () -> run(Task.SEGMENTATION,
                new AttackSettings("fgsm", segPgd, eps, null, 12, 8, 1, null), dir));
    }
}
