package org.vocvision.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vocvision.engine.OfflineEngine;

/** The attack grid: amplified perturbation, labels of a classifier, VOC-coloured masks of a segmenter. */
class AttackGridTest {

    private static NDManager manager;

    @BeforeAll
    static void start() {
        manager = OfflineEngine.newManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void gridShowsTheAmplifiedPerturbationAndVocColours(@TempDir Path dir) throws Exception {
        try (NDManager scope = manager.newSubManager()) {
            float eps = 8f / 255;
            NDArray x = scope.full(new Shape(1, 3, 4, 4), 0.5f);
            float[] adv = x.toFloatArray();
            adv[0] += eps; // pixel (0,0) red channel +eps; everything else unchanged
            NDArray a = scope.create(adv, x.getShape());
            NDArray logits = scope.create(new float[] {2f, -2f, 0.5f}, new Shape(1, 3));
            Path file = dir.resolve("grid.png");
            AttackGrid.write(file, x, a, logits, logits, new byte[] {1, 0, 0}, eps, List.of("a", "b", "c"), 4);
            BufferedImage grid = ImageIO.read(file.toFile());
            assertEquals(6 * AttackGrid.CELL, grid.getWidth());
            assertEquals(24 + AttackGrid.CELL + AttackGrid.FOOTER, grid.getHeight());
            // perturbation column: pixel (0,0) is (1.0, 0.5, 0.5), the rest mid grey
            assertEquals(new java.awt.Color(255, 128, 128).getRGB(), grid.getRGB(AttackGrid.CELL + 5, 24 + 5));
            assertEquals(new java.awt.Color(128, 128, 128).getRGB(), grid.getRGB(2 * AttackGrid.CELL - 5, 24 + AttackGrid.CELL - 5));
        }
        // VOC devkit colours: aeroplane (1) = (128,0,0), person (15) = (192,128,128), tvmonitor (20) = (0,64,128)
        assertEquals(0x800000, AttackGrid.vocColour(1));
        assertEquals(0xC08080, AttackGrid.vocColour(15));
        assertEquals(0x004080, AttackGrid.vocColour(20));
    }

    @Test
    void segmentationGridOverlaysThePredictedMask(@TempDir Path dir) throws Exception {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.zeros(new Shape(1, 3, 2, 2));
            // class 1 wins at every pixel
            NDArray logits = scope.create(new float[] {0, 0, 0, 0, 5, 5, 5, 5, 1, 1, 1, 1}, new Shape(1, 3, 2, 2)).toType(DataType.FLOAT32, false);
            byte[] truth = {0, 2, (byte) 255, 1};
            BufferedImage grid = AttackGrid.render(x, x, logits, logits, truth, 0.01, List.of("bg", "one", "two"), 1);
            // before: black image blended half with (128,0,0)
            assertEquals(new java.awt.Color(64, 0, 0).getRGB(), grid.getRGB(4 * AttackGrid.CELL + 5, 24 + 5));
            // truth column, 2x2 cells of 80 px: background and void show the image, class 2 (0,128,0) blends
            assertEquals(new java.awt.Color(0, 0, 0).getRGB(), grid.getRGB(3 * AttackGrid.CELL + 5, 24 + 5));
            assertEquals(new java.awt.Color(0, 64, 0).getRGB(), grid.getRGB(3 * AttackGrid.CELL + 85, 24 + 5));
            assertEquals(new java.awt.Color(64, 0, 0).getRGB(), grid.getRGB(3 * AttackGrid.CELL + 85, 24 + 85));
        }
    }

    /**
     * A classifier's grid: truth a; before the attack a (p 0.88) and c (0.62) are predicted; after it b (0.88)
     * and c: the after column shows b as ADDED (red), a as REMOVED (blue) and c kept, orange as before: it is
     * predicted but not true.
     */
    @Test
    void classifierGridColoursAddedAndRemovedLabels() {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.full(new Shape(1, 3, 4, 4), 0.5f);
            NDArray before = scope.create(new float[] {2f, -2f, 0.5f}, new Shape(1, 3));
            NDArray after = scope.create(new float[] {-2f, 2f, 0.5f}, new Shape(1, 3));
            BufferedImage grid = AttackGrid.render(x, x, before, after, new byte[] {1, 0, 0}, 0.01, List.of("a", "b", "c"), 1);
            int c = AttackGrid.CELL;
            assertTrue(has(grid, 3 * c, 4 * c, java.awt.Color.BLACK), "truth in black");
            assertTrue(has(grid, 4 * c, 5 * c, AttackGrid.RIGHT), "a: predicted and true");
            assertTrue(has(grid, 4 * c, 5 * c, AttackGrid.WRONG), "c: predicted, not true");
            assertTrue(has(grid, 5 * c, 6 * c, AttackGrid.ADDED), "b added");
            assertTrue(has(grid, 5 * c, 6 * c, AttackGrid.REMOVED), "a removed");
            assertTrue(has(grid, 5 * c, 6 * c, AttackGrid.WRONG), "c kept, still not true");
            assertFalse(has(grid, 5 * c, 6 * c, AttackGrid.RIGHT), "no true label is predicted after the attack");
            assertFalse(has(grid, 4 * c, 5 * c, AttackGrid.ADDED), "nothing is added before the attack");
        }
    }

    /** Whether a pixel of the image row between x0 and x1 has exactly this colour (text cores are solid). */
    private static boolean has(BufferedImage grid, int x0, int x1, java.awt.Color colour) {
        for (int y = 24; y < 24 + AttackGrid.CELL; y++) {
            for (int x = x0; x < x1; x++) {
                if ((grid.getRGB(x, y) & 0xFFFFFF) == (colour.getRGB() & 0xFFFFFF)) {
                    return true;
                }
            }
        }
        return false;
    }
}
