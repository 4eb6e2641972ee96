package org.vocvision.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vocvision.engine.OfflineEngine;

/** Loss values and gradients against torch 1.13: src/test/python/loss_reference.py (float64 there). */
class LossesTest {

    private static NDManager manager;

    @BeforeAll
    static void start() {
        manager = OfflineEngine.newManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    // x[k] = 3 sin(1.3 k + 0.2), t[k] = 1 if (7 k) % 3 == 0, shape 3 x 4 (loss_reference.py)
    private static NDArray classLogits(NDManager m) {
        float[] x = new float[12];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) (3 * Math.sin(1.3 * k + 0.2));
        }
        return m.create(x, new Shape(3, 4));
    }

    private static NDArray classTargets(NDManager m) {
        float[] t = new float[12];
        for (int k = 0; k < t.length; k++) {
            t[k] = (7 * k) % 3 == 0 ? 1 : 0;
        }
        return m.create(t, new Shape(3, 4));
    }

    // z[k] = 2 sin(0.9 k + 0.1), shape 2 x 3 x 2 x 3; labels with two void pixels per image
    private static NDArray pixelLogits(NDManager m) {
        float[] z = new float[36];
        for (int k = 0; k < z.length; k++) {
            z[k] = (float) (2 * Math.sin(0.9 * k + 0.1));
        }
        return m.create(z, new Shape(2, 3, 2, 3));
    }

    private static NDArray pixelLabels(NDManager m) {
        return m.create(new long[] {0, 1, 2, 255, 1, 1, 2, 255, 0, 0, 1, 255}, new Shape(2, 2, 3));
    }

    private record Evaluated(float loss, float[] gradient) {}

    private static Evaluated evaluate(Loss loss, NDArray labels, NDArray logits) {
        try (NDManager step = manager.newSubManager()) {
            NDArray x = logits.duplicate();
            x.attach(step);
            x.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray value = loss.evaluate(new NDList(labels), new NDList(x));
                gc.backward(value);
                return new Evaluated(value.getFloat(), x.getGradient().toFloatArray());
            }
        }
    }

    @Test
    void bceEqualsTorchWithAndWithoutPosWeightAndSmoothing() {
        try (NDManager m = manager.newSubManager()) {
            NDArray x = classLogits(m);
            NDArray t = classTargets(m);
            float[] pw = {1f, 2f, 0.5f, 3f};
            assertEquals(1.3922401299739617, evaluate(new WeightedBceLoss(), t, x).loss(), 1e-6);
            Evaluated weighted = evaluate(new WeightedBceLoss(pw, 0f), t, x);
            assertEquals(1.9796756295788682, weighted.loss(), 1e-6);
            assertArrayEquals(new float[] {-0.029604794f, 0.07935279f, 0.061002794f, -0.23022851f,
                0.007468266f, 0.06425858f, -0.0020370487f, 0.04935595f, 0.004921663f, -0.14410737f,
                0.07126913f, 0.07857737f}, weighted.gradient(), 1e-6f);
            assertEquals(1.931199784199901, evaluate(new WeightedBceLoss(pw, 0.1f), t, x).loss(), 1e-6);
        }
    }

    @Test
    void bceIsFiniteForExtremeLogits() {
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(new float[] {100f, -100f, 100f, -100f}, new Shape(1, 4));
            NDArray t = m.create(new float[] {0f, 1f, 1f, 0f}, new Shape(1, 4));
            // two elements cost 100 each (log(1 + e^100) = 100 to float precision), two cost ~0
            Evaluated e = evaluate(new WeightedBceLoss(), t, x);
            assertEquals(50f, e.loss(), 1e-4);
            assertArrayEquals(new float[] {0.25f, -0.25f, 0f, 0f}, e.gradient(), 1e-6f);
        }
    }

    @Test
    void asymmetricLossEqualsTheOfficialFormulaInTorch() {
        try (NDManager m = manager.newSubManager()) {
            NDArray x = classLogits(m);
            NDArray t = classTargets(m);
            Evaluated official = evaluate(new AsymmetricLoss(), t, x);
            assertEquals(8.53374819985249, official.loss(), 1e-5);
            assertArrayEquals(new float[] {-0.12620791f, 0.3082852f, 0.13349131f, -0.84808267f,
                2.0931637e-07f, 0.17111884f, -0.0023901507f, 0.045619523f, 3.778438e-10f,
                -0.747609615f, 0.2672504f, 0.31951476f}, official.gradient(), 2e-6f);
            Evaluated attached = evaluate(new AsymmetricLoss(2f, 0f, 0f, false), t, x);
            assertEquals(13.641475450097158, attached.loss(), 1e-5);
            assertArrayEquals(new float[] {-0.35525753f, 1.1268986f, 0.77047837f, -0.92091404f,
                0.0020928317f, 0.85985825f, -0.048889168f, 0.4643914f, 0.0006056038f, -0.8646442f,
                1.0348082f, 1.1289717f}, attached.gradient(), 2e-6f);
        }
    }

    @Test
    void crossEntropyIgnoring255EqualsTorch() {
        try (NDManager m = manager.newSubManager()) {
            NDArray z = pixelLogits(m);
            NDArray y = pixelLabels(m);
            assertEquals(1.2183426875136167, evaluate(new IgnoreIndexCrossEntropy(), y, z).loss(), 1e-6);
            Evaluated weighted = evaluate(new IgnoreIndexCrossEntropy(new float[] {0.2f, 1f, 3f}), y, z);
            assertEquals(1.4121786551561895, weighted.loss(), 1e-6);
            assertArrayEquals(new float[] {-0.00448244f, 0.073643656f, 0.13995451f, 0f, 0.0037466302f,
                0.0056034212f, 0.0028733316f, -0.077062306f, 0.11553697f, 0f, -0.073874424f,
                -0.080566527f, 0.0016091086f, 0.0034186504f, -0.25549148f, 0f, 0.070127794f,
                0.074963105f, 0.010996438f, 0f, -0.011985835f, -0.0042974133f, 0.072934682f, 0f,
                0.059607493f, 0f, 0.0036524048f, 0.0028332534f, -0.076395976f, 0f, -0.070603931f, 0f,
                0.0083334302f, 0.00146416f, 0.0034612942f, 0f}, weighted.gradient(), 1e-6f);
        }
    }

    @Test
    void uniformLogitsCostLogOfTheClassCount() {
        // hand-worked: a pixel with uniform logits over 3 classes costs log 3; the void pixel beside
        // it is not counted in the mean
        try (NDManager m = manager.newSubManager()) {
            NDArray z = m.zeros(new Shape(1, 3, 1, 2));
            NDArray y = m.create(new long[] {2, 255}, new Shape(1, 1, 2));
            assertEquals(Math.log(3), evaluate(new IgnoreIndexCrossEntropy(), y, z).loss(), 1e-6);
        }
    }

    @Test
    void voidPixelsHaveNoInfluenceOnLossOrGradient() {
        try (NDManager m = manager.newSubManager()) {
            NDArray y = pixelLabels(m);
            NDArray z = pixelLogits(m);
            // change only the logits of void pixels (h=1,w=0 of image 0; h=0,w=1 and h=1,w=2 of image 1)
            NDArray voidMask = y.eq(255).expandDims(1).toType(DataType.FLOAT32, false);
            NDArray changed = z.add(voidMask.mul(m.create(new float[] {7f, -3f, 11f}).reshape(1, 3, 1, 1)));
            for (Loss loss : new Loss[] {new IgnoreIndexCrossEntropy(new float[] {0.2f, 1f, 3f}),
                new DiceLoss(), WeightedSumLoss.of(new IgnoreIndexCrossEntropy(), new DiceLoss(), 0.5f)}) {
                Evaluated before = evaluate(loss, y, z);
                Evaluated after = evaluate(loss, y, changed);
                assertEquals(before.loss(), after.loss(), 1e-6, loss.getName());
                assertArrayEquals(before.gradient(), after.gradient(), 1e-7f, loss.getName());
                float[] voids = voidMask.broadcast(new Shape(2, 3, 2, 3)).toFloatArray();
                for (int i = 0; i < voids.length; i++) {
                    if (voids[i] == 1f) {
                        assertEquals(0f, after.gradient()[i], 0f, loss.getName() + " gradient at " + i);
                    }
                }
            }
        }
    }

    @Test
    void diceEqualsTorch() {
        try (NDManager m = manager.newSubManager()) {
            Evaluated dice = evaluate(new DiceLoss(), pixelLabels(m), pixelLogits(m));
            assertEquals(0.5336745658357869, dice.loss(), 1e-6);
            assertArrayEquals(new float[] {-0.0141305f, 0.014899763f, 0.006684318f, 0f, 0.00089862123f,
                0.00090494976f, 0.0086816815f, -0.015590484f, 0.0026978289f, 0f, -0.017699159f,
                -0.012990648f, 0.005448820f, 0.00069072080f, -0.0093821469f, 0f, 0.016800538f,
                0.012085699f, 0.0032636419f, 0f, -0.01861249f, -0.013699346f, 0.015325406f, 0f,
                0.01623592f, 0f, 0.0047454284f, 0.0086797661f, -0.01605175f, 0f, -0.019499562f, 0f,
                0.013867061f, 0.0050195796f, 0.00072634404f, 0f}, dice.gradient(), 1e-6f);
        }
    }

    @Test
    void weightedSumAddsTheTerms() {
        try (NDManager m = manager.newSubManager()) {
            float sum = evaluate(WeightedSumLoss.of(new IgnoreIndexCrossEntropy(), new DiceLoss(), 0.5f),
                    pixelLabels(m), pixelLogits(m)).loss();
            assertEquals(1.2183426875136167 + 0.5 * 0.5336745658357869, sum, 1e-6);
            assertTrue(sum > 1.2183426875136167);
        }
    }
}
