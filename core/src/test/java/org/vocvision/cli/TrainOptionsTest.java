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
}
