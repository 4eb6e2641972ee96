package org.vocvision.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.vocvision.model.ModelOptions;
import org.vocvision.task.Task;
import org.vocvision.train.Recipe;
import picocli.CommandLine;

/** Options that only travel into the recipe, checked without training. */
class TrainOptionsTest {

    private static Recipe parse(String... args) {
        TrainClassifierCommand command = new TrainClassifierCommand();
        new CommandLine(command).parseArgs(args);
        return command.train.recipe(Task.CLASSIFICATION, command.model, ModelOptions.defaults()).build();
    }

    @Test
    void dropPathReachesTheModelOptionsOnlyWhenGiven() {
        Recipe given = parse("--data", "d", "--run", "r", "--model", "convnext_small", "--drop-path", "0.2");
        assertEquals(0.2f, given.modelOptions().dropPath());
        assertEquals("convnext_small", given.model());
        // absent: the architecture's default (torchvision's 0.4 for convnext_small) decides
        assertNull(parse("--data", "d", "--run", "r", "--model", "convnext_small").modelOptions().dropPath());
    }

    @Test
    void recipeOptionsReachTheRecipe() {
        Recipe r = parse("--data", "d", "--run", "r", "--model", "convnext_tiny", "--warmup-epochs", "3",
                "--layer-decay", "0.7", "--ema", "0.999", "--tta-scales", "0.875,1,1.125");
        assertEquals(3, r.warmupEpochs());
        assertEquals(0.7, r.layerDecay());
        assertEquals(0.999, r.ema());
        assertEquals(java.util.List.of(0.875, 1.0, 1.125), r.ttaScales());
        Recipe plain = parse("--data", "d", "--run", "r", "--model", "convnext_tiny");
        assertEquals(Task.CLASSIFICATION.trainingDefaults(false).warmupEpochs(), plain.warmupEpochs());
        assertEquals(1.0, plain.layerDecay());
        assertEquals(0.0, plain.ema());
        assertEquals(java.util.List.of(1.0), plain.ttaScales());
    }

    @Test
    void badRecipeOptionsAreNamedByTheirFlags() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> parse("--data", "d", "--run", "r", "--warmup-epochs", "-1", "--ema", "1", "--layer-decay", "1.2",
                        "--tta-scales", "0.1"));
        for (String message : new String[] {"--warmup-epochs must be >= 0, got -1", "--ema must be in [0, 1) (0: none), got 1.0",
                "--layer-decay must be in (0, 1], got 1.2", "--tta-scales must be factors in [0.25, 4], got 0.1"}) {
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(message), e.getMessage());
        }
    }
}
