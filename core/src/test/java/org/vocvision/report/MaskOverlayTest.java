package org.vocvision.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.vocvision.data.Mask;
import org.vocvision.data.RgbImage;

class MaskOverlayTest {

    private static int rgb(int r, int g, int b) {
        return r << 16 | g << 8 | b;
    }

    /** Each pixel by hand: round(0.5 * pixel + 0.5 * colour); VOC's aeroplane is (128,0,0), void (224,224,192). */
    @Test
    void blendsEachLabelWithItsVocColour() {
        RgbImage image = RgbImage.blank(2, 2);
        int[][] pixels = {{100, 50, 200}, {10, 20, 30}, {0, 0, 0}, {255, 255, 255}};
        for (int i = 0; i < 4; i++) {
            for (int c = 0; c < 3; c++) {
                image.set(i / 2, i % 2, c, pixels[i][c]);
            }
        }
        Mask mask = Mask.blank(2, 2);
        mask.set(0, 0, 1);    // aeroplane
        mask.set(0, 1, 255);  // void
        mask.set(1, 0, 0);    // background: untouched
        mask.set(1, 1, 15);   // person (192,128,128)
        BufferedImage out = MaskOverlay.blend(image, mask, 0.5f);
        assertEquals(rgb(114, 25, 100), out.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(rgb(117, 122, 111), out.getRGB(1, 0) & 0xFFFFFF);
        assertEquals(rgb(0, 0, 0), out.getRGB(0, 1) & 0xFFFFFF);
        assertEquals(rgb(224, 192, 192), out.getRGB(1, 1) & 0xFFFFFF); // 0.5*255 + 0.5*192 = 223.5 -> 224
        assertThrows(IllegalArgumentException.class, () -> MaskOverlay.blend(image, Mask.blank(2, 3), 0.5f));
    }

    @Test
    void stripHoldsThreePanelsUnderACaption() {
        RgbImage image = RgbImage.blank(10, 7);
        Mask truth = Mask.blank(10, 7);
        truth.set(3, 3, 1);
        BufferedImage strip = MaskOverlay.strip(image, truth, Mask.blank(10, 7), "best 1");
        assertEquals(3 * 7 + 2 * 4, strip.getWidth());
        assertEquals(10 + 18, strip.getHeight());
        int aeroplane = Math.round(MaskOverlay.ALPHA * 128);
        assertEquals(rgb(aeroplane, 0, 0), strip.getRGB(7 + 4 + 3, 18 + 3) & 0xFFFFFF); // truth panel
        assertEquals(0, strip.getRGB(2 * (7 + 4) + 3, 18 + 3) & 0xFFFFFF);             // prediction panel: background
    }
}
