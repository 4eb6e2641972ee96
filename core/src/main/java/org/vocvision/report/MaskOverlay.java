package org.vocvision.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.vocvision.data.Mask;
import org.vocvision.data.PalettePng;
import org.vocvision.data.RgbImage;
import org.vocvision.data.VocClasses;

/**
 * A segmentation shown over its image: every labelled pixel blended with its class's VOC colour
 * ({@code VOClabelcolormap.m}), void (255) in VOC's cream, background left as it is; and the
 * image | truth | prediction strip that the segmenter's overlay figures use.
 */
public final class MaskOverlay {

    /** The colour's share of a blended pixel. */
    public static final float ALPHA = 0.55f;
    private static final int CAPTION_HEIGHT = 18;
    private static final int GAP = 4;

    private MaskOverlay() {}

    /** The image with {@code mask} blended over it: {@code round((1 - a) * image + a * colour)} per channel. */
    public static BufferedImage blend(RgbImage image, Mask mask, float alpha) {
        if (image.height() != mask.height() || image.width() != mask.width()) {
            throw new IllegalArgumentException("mask " + mask.height() + "x" + mask.width() + " does not fit image "
                    + image.height() + "x" + image.width());
        }
        BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int r = image.get(y, x, 0);
                int g = image.get(y, x, 1);
                int b = image.get(y, x, 2);
                int label = mask.get(y, x);
                if (label != VocClasses.BACKGROUND) {
                    int colour = PalettePng.colourOf(label);
                    r = mix(r, colour >> 16 & 0xFF, alpha);
                    g = mix(g, colour >> 8 & 0xFF, alpha);
                    b = mix(b, colour & 0xFF, alpha);
                }
                out.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return out;
    }

    private static int mix(int base, int colour, float alpha) {
        return Math.round((1 - alpha) * base + alpha * colour);
    }

    /** The plain image, the truth and the prediction side by side, with a caption line above. */
    public static BufferedImage strip(RgbImage image, Mask truth, Mask prediction, String caption) {
        int w = image.width();
        int h = image.height();
        BufferedImage out = new BufferedImage(3 * w + 2 * GAP, h + CAPTION_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.drawImage(blend(image, Mask.blank(h, w), 0), 0, CAPTION_HEIGHT, null);
            g.drawImage(blend(image, truth, ALPHA), w + GAP, CAPTION_HEIGHT, null);
            g.drawImage(blend(image, prediction, ALPHA), 2 * (w + GAP), CAPTION_HEIGHT, null);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(caption + "   (image | truth | prediction)", 2, CAPTION_HEIGHT - 5);
        } finally {
            g.dispose();
        }
        return out;
    }
}
