package org.vocvision.attack;

import org.vocvision.task.Task;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vocvision.engine.OfflineEngine;

/** Invariants of every attack, and what attacks achieve on tiny models trained on synthetic colours. */
class AttacksTest {

    private static NDManager manager;
    private static Block classifier;
    private static Block segmenter;
    private static NDList classTest;
    private static NDList segTest;

    @BeforeAll
    static void trainTinyModels() {
        manager = OfflineEngine.newManager();
        Engine.getInstance().setRandomSeed(3);
        classifier = TinyNets.classifier(manager);
        TinyNets.train(classifier, TinyNets.colourImages(manager, 128, 1), Task.CLASSIFICATION, 120, 0.05f);
        segmenter = TinyNets.segmenter(manager);
        TinyNets.train(segmenter, TinyNets.regionImages(manager, 32, 2), Task.SEGMENTATION, 60, 0.05f);
        classTest = TinyNets.colourImages(manager, 128, 11);
        segTest = TinyNets.regionImages(manager, 32, 12);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    /** Every attack, by name, at a given eps. */
    static List<DoubleFunction<Attack>> allAttacks() {
        return List.of(
                Fgsm::new,
                eps -> new Bim(eps, 1.0 / 255, 5),
                eps -> Pgd.builder().setEps(eps).optSteps(5).build(),
                eps -> Pgd.builder().setEps(eps).optSteps(5).optNorm(Norm.L2).optAlpha(0.2).build(),
                eps -> Pgd.builder().setEps(eps).optSteps(5).optSegPgd(true).build(),
                eps -> new MiFgsm(eps, 2.0 / 255, 5, 1.0));
    }

    @Test
    void trainedModelsAreAccurate() {
        NDArray predicted = TinyNets.predictedLabels(classifier, classTest.get(0));
        float accuracy = predicted.eq(classTest.get(1)).toType(DataType.FLOAT32, false).mean().getFloat();
        assertTrue(accuracy > 0.9f, "classifier label accuracy " + accuracy);
        NDArray pixels = InputGradient.forward(segmenter, segTest.get(0)).argMax(1);
        float pixelAccuracy = pixels.eq(segTest.get(1)).toType(DataType.FLOAT32, false).mean().getFloat();
        assertTrue(pixelAccuracy > 0.9f, "segmenter pixel accuracy " + pixelAccuracy);
    }

    @Test
    void perturbationsStayInTheBallAndInZeroOne() {
        float eps = 8f / 255;
        for (DoubleFunction<Attack> make : allAttacks()) {
            Attack attack = make.apply(eps);
            for (boolean segmentation : new boolean[] {false, true}) {
                try (NDManager scope = manager.newSubManager()) {
                    NDList data = segmentation ? TinyNets.regionImages(scope, 8, 5) : TinyNets.colourImages(scope, 8, 5);
                    Task task = segmentation ? Task.SEGMENTATION : Task.CLASSIFICATION;
                    NDArray x = data.get(0);
                    NDArray adv = attack.perturb(segmentation ? segmenter : classifier, x, TinyNets.away(task, data.get(1)));
                    assertEquals(x.getShape(), adv.getShape());
                    assertTrue(adv.min().getFloat() >= 0f && adv.max().getFloat() <= 1f, attack.name() + " leaves [0,1]");
                    NDArray delta = adv.sub(x);
                    if (attack.name().equals("pgd-l2")) {
                        float largest = Norm.perImageL2(delta).max().getFloat();
                        assertTrue(largest <= eps + 1e-5f, "pgd-l2 L2 " + largest + " > eps");
                    } else {
                        float largest = delta.abs().max().getFloat();
                        assertTrue(largest <= eps + 1e-6f, attack.name() + " Linf " + largest + " > eps");
                    }
                    assertTrue(delta.abs().max().getFloat() > 0f, attack.name() + " changed nothing at eps 8/255");
                }
            }
        }
    }

    @Test
    void epsZeroChangesNothing() {
        for (DoubleFunction<Attack> make : allAttacks()) {
            Attack attack = make.apply(0);
            try (NDManager scope = manager.newSubManager()) {
                NDList data = TinyNets.colourImages(scope, 4, 6);
                NDArray adv = attack.perturb(classifier, data.get(0), LabelGoal.away(data.get(1), 0.5));
                assertArrayEquals(data.get(0).toFloatArray(), adv.toFloatArray(), 0f, attack.name());
            }
        }
    }

    @Test
    void pgdSucceedsAtLeastAsOftenAsFgsmAndMoreWithLargerEps() {
        double previous = -1;
        List<String> log = new ArrayList<>();
        for (double eps : new double[] {2.0 / 255, 8.0 / 255, 16.0 / 255, 32.0 / 255}) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = classTest.get(0);
                Goal goal = LabelGoal.away(classTest.get(1), 0.5);
                NDArray clean = InputGradient.forward(classifier, x);
                double fgsm = successRate(goal, clean, new Fgsm(eps).perturb(classifier, x, goal));
                // from the clean image (no random start) PGD's first step is FGSM's direction; 20 steps refine it
                Attack pgd = Pgd.builder().setEps(eps).optAlpha(eps / 5).optSteps(20).optRandomStart(false).build();
                double pgdRate = successRate(goal, clean, pgd.perturb(classifier, x, goal));
                log.add(String.format("eps %.4f fgsm %.3f pgd %.3f", eps, fgsm, pgdRate));
                // PGD does not dominate a single full step image by image (its small steps can settle in
                // another local optimum); over the set it may trail by at most one image
                double oneImage = 1.0 / x.getShape().get(0);
                assertTrue(pgdRate >= fgsm - oneImage - 1e-9, "PGD below FGSM: " + log);
                assertTrue(pgdRate >= previous, "PGD success fell with larger eps: " + log);
                previous = pgdRate;
                scope.close();
            }
        }
        assertTrue(previous > 0.5, "PGD at eps 32/255 fooled too few: " + log);
    }

    private static double successRate(Goal goal, NDArray clean, NDArray adversarial) {
        NDArray logits = InputGradient.forward(classifier, adversarial);
        return Goal.rate(goal.success(clean, logits));
    }

    @Test
    void targetedPgdAddsOneClassAndRemovesAnother() {
        // images with class 0 absent and class 1 present; goal: add 0, remove 1, ignore 2
        int n = 32;
        float[] pixels = new float[n * 3 * 64];
        java.util.Random random = new java.util.Random(9);
        for (int i = 0; i < n; i++) {
            float[] levels = {0.3f + 0.15f * random.nextFloat(), 0.55f + 0.15f * random.nextFloat(), random.nextFloat()};
            for (int c = 0; c < 3; c++) {
                for (int p = 0; p < 64; p++) {
                    pixels[(i * 3 + c) * 64 + p] = levels[c];
                }
            }
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(pixels, new Shape(n, 3, 8, 8));
            Goal goal = LabelGoal.toward(scope.create(new float[] {1, 0, 0}), scope.create(new float[] {1, 1, 0}), 0.5);
            NDArray clean = InputGradient.forward(classifier, x);
            double before = Goal.rate(goal.success(clean, clean));
            NDArray adv = Pgd.builder().setEps(0.3).optAlpha(0.03).optSteps(20).build().perturb(classifier, x, goal);
            double after = Goal.rate(goal.success(clean, InputGradient.forward(classifier, adv)));
            assertEquals(0.0, before, 0.1, "the target was already reached before the attack");
            assertTrue(after >= 0.9, "targeted PGD reached the target on " + after);
        }
    }

    @Test
    void targetedSegmentationMakesAClassVanish() {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = segTest.get(0);
            NDArray clean = InputGradient.forward(segmenter, x);
            MaskGoal goal = MaskGoal.vanish(clean.argMax(1), 1);
            long classPixels = clean.argMax(1).eq(1).sum().getLong();
            assertTrue(classPixels > 50, "test images hold too few class-1 pixels: " + classPixels);
            NDArray adv = Pgd.builder().setEps(0.4).optAlpha(0.04).optSteps(20).optSegPgd(true).build().perturb(segmenter, x, goal);
            NDArray after = InputGradient.forward(segmenter, adv).argMax(1);
            long remaining = after.eq(1).sum().getLong();
            assertTrue(remaining < classPixels / 10, "class 1 kept " + remaining + " of " + classPixels + " pixels");
            double reached = Goal.rate(goal.success(clean, InputGradient.forward(segmenter, adv)));
            assertTrue(reached > 0.9, "target mask reached on " + reached);
        }
    }

    @Test
    void untargetedSegmentationPgdFoolsMorePixelsThanFgsm() {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = segTest.get(0);
            Goal goal = MaskGoal.away(segTest.get(1));
            NDArray clean = InputGradient.forward(segmenter, x);
            double eps = 48.0 / 255;
            double fgsm = segRate(goal, clean, new Fgsm(eps).perturb(segmenter, x, goal));
            double segPgd = segRate(goal, clean, Pgd.builder().setEps(eps).optAlpha(eps / 4).optSteps(10).optSegPgd(true).build()
                    .perturb(segmenter, x, goal));
            assertTrue(segPgd >= fgsm && segPgd > 0.1, "SegPGD " + segPgd + " vs FGSM " + fgsm);
        }
    }

    private static double segRate(Goal goal, NDArray clean, NDArray adversarial) {
        return Goal.rate(goal.success(clean, InputGradient.forward(segmenter, adversarial)));
    }

    @Test
    void attacksLeaveTheModelWeightsAndGradientsUntouched() {
        List<float[]> before = new ArrayList<>();
        classifier.getParameters().values().forEach(p -> before.add(p.getArray().toFloatArray()));
        try (NDManager scope = manager.newSubManager()) {
            Goal goal = LabelGoal.away(classTest.get(1), 0.5);
            Pgd.builder().setEps(8.0 / 255).optSteps(3).build().perturb(classifier, classTest.get(0), goal);
        }
        for (int i = 0; i < before.size(); i++) {
            NDArray weight = classifier.getParameters().valueAt(i).getArray();
            assertArrayEquals(before.get(i), weight.toFloatArray(), 0f);
            if (weight.hasGradient()) {
                assertEquals(0f, weight.getGradient().abs().sum().getFloat(), 0f, "attack left parameter gradients behind");
            }
        }
    }
}
