package org.vocvision.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vocvision.engine.OfflineEngine;
import org.vocvision.loss.WeightedBceLoss;
import org.vocvision.model.ModelOptions;
import org.vocvision.model.Modules;
import org.vocvision.model.NormalizedModel;
import org.vocvision.model.Zoo;
import org.vocvision.task.Task;

/** Layer-wise learning-rate decay: the layers of registered models, and the rates a step really uses. */
class LayerDecayTest {

    /** Every parameter of the model: its multiplier under {@code decay}, 1 for the head. */
    private static Map<Parameter, Double> multipliers(String name, double decay) {
        NormalizedModel model = Zoo.create(name, ModelOptions.defaults());
        Map<Parameter, Double> m = LayerDecay.of(model, name, ModelOptions.defaults(), decay).multipliers();
        Map<Parameter, Double> all = new IdentityHashMap<>();
        model.getParameters().values().forEach(p -> all.put(p, m.getOrDefault(p, 1.0)));
        expectModel = model;
        return all;
    }

    /** The model the last {@link #multipliers} built, whose module paths {@link #expect} resolves. */
    private static NormalizedModel expectModel;

    /** Every parameter under {@code path} has multiplier {@code expected}. */
    private static void expect(Map<Parameter, Double> m, String path, double expected) {
        List<Block> blocks = Modules.find(expectModel, path);
        int seen = 0;
        for (Block b : blocks) {
            for (Parameter p : b.getParameters().values()) {
                assertEquals(expected, m.get(p), 1e-15, path + " " + p.getName());
                seen++;
            }
        }
        assertTrue(seen > 0, path + " has parameters");
    }

    @Test
    void convNeXtCountsStemStagesAndDownsamplesAsEightLayers() {
        Map<Parameter, Double> m = multipliers("convnext_tiny", 0.5);
        for (int k = 0; k <= 7; k++) {
            expect(m, "features." + k, Math.pow(0.5, 8 - k)); // features.7 (stage 4) 0.5, stem 0.5^8
        }
        expect(m, "classifier", 1.0);
    }

    @Test
    void resNetJoinsItsStemNormToTheStemConv() {
        Map<Parameter, Double> m = multipliers("resnet50", 0.7);
        expect(m, "conv1", Math.pow(0.7, 5));
        expect(m, "bn1", Math.pow(0.7, 5));
        expect(m, "layer1", Math.pow(0.7, 4));
        expect(m, "layer2", Math.pow(0.7, 3));
        expect(m, "layer3", Math.pow(0.7, 2));
        expect(m, "layer4", 0.7);
        expect(m, "fc", 1.0);
    }

    @Test
    void mobileNetV2CountsEachFeaturesChild() {
        Map<Parameter, Double> m = multipliers("mobilenet_v2", 0.9);
        for (int k = 0; k <= 18; k++) {
            expect(m, "features." + k, Math.pow(0.9, 19 - k));
        }
        expect(m, "classifier", 1.0);
    }

    @Test
    void aModelWithoutBackboneAndABadFactorAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayerDecay.of(Zoo.create("unet", ModelOptions.defaults()), "unet", ModelOptions.defaults(), 0.7));
        assertTrue(e.getMessage().contains("--layer-decay"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LayerDecay(List.of(), 1.5));
        assertEquals("--layer-decay must be in (0, 1], got 1.5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Recipe.builder("mobilenet_v2").optLayerDecay(0).build());
        assertTrue(e.getMessage().contains("--layer-decay must be in (0, 1], got 0.0"), e.getMessage());
    }

    /**
     * One plain SGD step (no momentum, no decay) at lr 0.1 on a TinyNet whose backbone is two layers, decay 0.5
     * and a backbone multiplier 0.1: each weight moved by exactly lr * multiplier * its gradient, with the
     * multipliers 0.1 * 0.5^2 (first conv block), 0.1 * 0.5 (last block) and 1 (head) worked by hand.
     */
    @Test
    void aStepMovesEachParameterAtItsHandComputedRate() throws IOException {
        TinyData data = new TinyData(8, 8, 21); // one batch: one step
        try (NDManager manager = OfflineEngine.newManager()) {
            TinyNet model = new TinyNet(false);
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 3, TinyData.SIZE, TinyData.SIZE));
            Block first = model.backbone.getChildren().get(0).getValue();
            LayerDecay decay = new LayerDecay(List.of(List.of(first), List.of(model.lastBlock)), 0.5);
            Map<String, float[]> before = new LinkedHashMap<>();
            var parameters = model.getParameters();
            for (int i = 0; i < parameters.size(); i++) {
                before.put(parameters.keyAt(i), parameters.valueAt(i).getArray().toFloatArray());
            }
            Fit fit = Fit.builder().setModel(model).setLoss(new WeightedBceLoss()).setTask(Task.CLASSIFICATION)
                    .setOptimizer(new Sgd(0, false, 0)).setSchedule(LrSchedule.constant(0.1))
                    .optFinetuning(Finetuning.parse(model.parts(), 0, null, 0.1)).optLayerDecay(decay)
                    .optManager(manager).build();
            fit.fit(data, 1);
            Map<Parameter, Boolean> inFirst = new IdentityHashMap<>();
            first.getParameters().values().forEach(p -> inFirst.put(p, true));
            Map<Parameter, Boolean> inLast = new IdentityHashMap<>();
            model.lastBlock.getParameters().values().forEach(p -> inLast.put(p, true));
            int checked = 0;
            for (TrainableParameter t : fit.trainable()) {
                double expected = inFirst.containsKey(t.parameter()) ? 0.1 * 0.25
                        : inLast.containsKey(t.parameter()) ? 0.1 * 0.5 : 1.0;
                assertEquals(expected, t.lrMultiplier(), 1e-15, t.name());
                float[] w0 = before.get(t.name());
                float[] w1 = t.parameter().getArray().toFloatArray();
                float[] g = t.parameter().getArray().getGradient().toFloatArray();
                boolean moved = false;
                for (int i = 0; i < w0.length; i++) {
                    // float32 weights: the update is exact to the rounding of w (a wrong multiplier, even by a
                    // factor of 2, misses by the whole step)
                    double step = 0.1 * expected * g[i];
                    assertEquals(w0[i] - step, w1[i], 2 * Math.ulp(w0[i]) + 1e-6 * Math.abs(step), t.name() + "[" + i + "]");
                    moved |= Math.abs(step) > 50 * Math.ulp(w0[i]);
                }
                assertTrue(moved, t.name() + " moved by many roundings somewhere");
                checked++;
            }
            assertFalse(fit.trainable().isEmpty());
            assertEquals(checked, fit.trainable().size());
        }
    }
}
