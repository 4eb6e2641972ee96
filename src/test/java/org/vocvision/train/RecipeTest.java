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

    @Test
    void namesTheFlagOfEachBadValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Recipe.builder("mobilenet_v2").optEpochs(-1).optLr(0).build());
        assertTrue(e.getMessage().contains("--epochs must be > 0, got -1"), e.getMessage());
        assertTrue(e.getMessage().contains("--lr must be > 0, got 0"), e.getMessage());
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
