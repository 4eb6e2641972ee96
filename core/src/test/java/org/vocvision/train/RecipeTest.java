package org.vocvision.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.vocvision.run.RunDir;
import org.vocvision.task.Task;

class RecipeTest {

    /** config.json and every checkpoint's card are this record: what is written must read back equal. */
    @Test
    void readsBackEqualFromItsJson() throws Exception {
        for (TransferSettings transfer : new TransferSettings[] {TransferSettings.NONE,
                new TransferSettings(2, "last-block,all@4", 0.1)}) {
            Recipe recipe = Recipe.builder("mobilenet_v2").optEpochs(7).optLr(3e-4).optTransfer(transfer).build();
            JsonNode json = RunDir.JSON.valueToTree(recipe);
            assertFalse(json.get("transfer").has("none"), "a derived getter leaked into the JSON: " + json);
            assertEquals(recipe, RunDir.JSON.treeToValue(json, Recipe.class));
        }
    }

    /** The recipe options read back too, and a config.json from before them reads as their defaults. */
    @Test
    void recipeOptionsReadBackAndOldConfigsGetTheirDefaults(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Recipe recipe = Recipe.builder("convnext_tiny").optLayerDecay(0.7).optEma(0.999)
                .optTtaScales(java.util.List.of(0.875, 1.0, 1.125)).optWarmupEpochs(3).build();
        assertEquals(recipe, RunDir.JSON.treeToValue(RunDir.JSON.valueToTree(recipe), Recipe.class));
        Recipe plain = Recipe.builder("convnext_tiny").build();
        com.fasterxml.jackson.databind.node.ObjectNode old = RunDir.JSON.valueToTree(plain);
        old.remove(java.util.List.of("ttaScales", "layerDecay", "ema"));
        assertEquals(plain, RunDir.JSON.treeToValue(old, Recipe.class));
        // a run from before the fields resumes with the defaults, and only with them
        RunDir run = new RunDir(dir);
        java.nio.file.Files.createDirectories(run.last().getParent());
        java.nio.file.Files.write(run.last(), new byte[0]);
        RunDir.writeJson(run.config(), old);
        assertEquals(run.last(), Training.resumeCheckpoint(run, plain));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Training.resumeCheckpoint(run, Recipe.builder("convnext_tiny").optEma(0.999).build()));
        assertTrue(e.getMessage().contains("another recipe"), e.getMessage());
    }

    @Test
    void namesTheFlagOfEachBadValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Recipe.builder("mobilenet_v2").optEpochs(-1).optLr(0).build());
        assertTrue(e.getMessage().contains("--epochs must be > 0, got -1"), e.getMessage());
        assertTrue(e.getMessage().contains("--lr must be > 0, got 0"), e.getMessage());
    }

    /**
     * Defaults per situation (issue 15): from scratch both tasks get AdamW + cosine; with --weights the classifier
     * fine-tunes at a tenth of the rate and the segmenter gets DeepLab's SGD + poly, whichever order the setters
     * run in; an explicit option wins over both; early stopping is off (patience 0) unless asked for.
     */
    @Test
    void defaultsDependOnWhetherWeightsAreGivenAndEarlyStoppingIsOff() {
        Recipe scratchSeg = Recipe.builder("deeplabv3plus").optEpochs(12).build();
        assertEquals("adamw", scratchSeg.optimizer());
        assertEquals("cosine", scratchSeg.schedule());
        assertEquals(3e-3, scratchSeg.lr());
        assertEquals(0, scratchSeg.patience());
        Recipe pretrainedSeg = Recipe.builder("deeplabv3plus").optWeights("w.pth").optEpochs(12).build();
        assertEquals("sgd", pretrainedSeg.optimizer());
        assertEquals("poly", pretrainedSeg.schedule());
        assertEquals(0.01, pretrainedSeg.lr());
        assertEquals(0, pretrainedSeg.warmupEpochs());

        Recipe scratch = Recipe.builder("alexnet").build();
        Recipe pretrained = Recipe.builder("alexnet").optWeights("w.pth").build();
        assertEquals("adamw", scratch.optimizer());
        assertEquals(scratch.lr() / 10, pretrained.lr(), 1e-12);
        assertEquals(16, scratch.batch());
        assertEquals(32, pretrained.batch());
        assertEquals(0, scratch.patience(), "early stopping on by default");

        // weights set after the rate, and the rate after the weights: the explicit rate stays
        assertEquals(5e-3, Recipe.builder("alexnet").optLr(5e-3).optWeights("w.pth").build().lr());
        assertEquals(5e-3, Recipe.builder("alexnet").optWeights("w.pth").optLr(5e-3).build().lr());
        assertEquals("sgd", Recipe.builder("deeplabv3plus").optOptimizer("sgd").build().optimizer());
        assertEquals(3, Recipe.builder("alexnet").optPatience(3).build().patience());
    }

    @Test
    void refusesAModelOfTheOtherTaskListingTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Recipe(Task.SEGMENTATION, "mobilenet_v2", null, 320, 8, 1, 0.01, 0, "sgd", "poly", 0, 0, 0,
                        0, 1, 0, 0.2, null, false, null, null, null, null, null, 0, null));
        assertTrue(e.getMessage().contains("--model mobilenet_v2 is a classification model"), e.getMessage());
        assertTrue(e.getMessage().contains("deeplabv3plus"), e.getMessage());
    }
}
