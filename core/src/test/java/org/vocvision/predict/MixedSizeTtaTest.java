package org.vocvision.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.vocvision.data.RgbImage;
import org.vocvision.engine.OfflineEngine;

/**
 * Mixed-size TTA: the predictors' averaged output equals the mean of the views computed one by one, each
 * with a single-scale, no-flip predictor (a mirrored view: the mirrored input, its output mirrored back).
 */
class MixedSizeTtaTest {

    private static final double[] SCALES = {0.875, 1, 1.125};

    /** A tiny position- and size-sensitive classifier: 20 logits from channel means weighted by column. */
    private static final Block CLASSIFIER = new LambdaBlock(list -> {
        NDArray x = list.head();
        long w = x.getShape().get(3);
        long h = x.getShape().get(2);
        NDArray ramp = x.getManager().arange(0f, (float) w).div(w).reshape(1, 1, 1, w);
        NDArray pooled = x.mul(ramp).sum(new int[] {2, 3}).div(h * w); // (N, 3)
        NDArray plain = x.sum(new int[] {2, 3}).div(h * w); // (N, 3)
        NDList parts = new NDList();
        for (int k = 0; k < 4; k++) {
            parts.add(pooled.mul(k + 1).sub(plain.mul(0.5f * k)).mul(6));
        }
        NDArray logits = NDArrays.concat(parts, 1); // (N, 12)
        return new NDList(NDArrays.concat(new NDList(logits, logits.get(":, 0:8").neg()), 1)); // (N, 20)
    });

    /** A tiny segmenter: 4 classes of logits from the pixel values and the column, at the input's size. */
    private static final Block SEGMENTER = new LambdaBlock(list -> {
        NDArray x = list.head();
        long w = x.getShape().get(3);
        NDArray ramp = x.getManager().arange(0f, (float) w).div(w).reshape(1, 1, 1, w);
        NDArray red = x.get(":, 0:1, :, :");
        NDArray green = x.get(":, 1:2, :, :");
        return new NDList(NDArrays.concat(new NDList(red.mul(4), green.mul(ramp).mul(5), red.mul(green).mul(3),
                ramp.mul(2).add(red.zerosLike())), 1));
    });

    private static RgbImage noise(int h, int w, long seed) {
        Random random = new Random(seed);
        RgbImage image = RgbImage.blank(h, w);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    image.set(y, x, c, random.nextInt(256));
                }
            }
        }
        return image;
    }

    private static RgbImage mirrored(RgbImage image) {
        RgbImage out = RgbImage.blank(image.height(), image.width());
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                for (int c = 0; c < 3; c++) {
                    out.set(y, image.width() - 1 - x, c, image.get(y, x, c));
                }
            }
        }
        return out;
    }

    @Test
    void classifierAveragesFlipsAndScales() {
        try (NDManager manager = OfflineEngine.newManager()) {
            List<RgbImage> images = List.of(noise(40, 52, 1), noise(33, 30, 2));
            List<RgbImage> mirrors = images.stream().map(MixedSizeTtaTest::mirrored).toList();
            float[][] combined = new ClassificationPredictor(CLASSIFIER, 32, true, SCALES).predict(manager, images);
            double[][] mean = new double[images.size()][20];
            float[][] atOne = null;
            float[][] atSmall = null;
            for (double scale : SCALES) {
                ClassificationPredictor single = new ClassificationPredictor(CLASSIFIER, 32, false, scale);
                for (List<RgbImage> view : List.of(images, mirrors)) {
                    float[][] p = single.predict(manager, view);
                    for (int i = 0; i < p.length; i++) {
                        for (int c = 0; c < 20; c++) {
                            mean[i][c] += p[i][c] / 6.0;
                        }
                    }
                    if (view == images && scale == 1) {
                        atOne = p;
                    } else if (view == images && scale == 0.875) {
                        atSmall = p;
                    }
                }
            }
            for (int i = 0; i < images.size(); i++) {
                for (int c = 0; c < 20; c++) {
                    assertEquals(mean[i][c], combined[i][c], 1e-6, "image " + i + " class " + c);
                }
            }
            // the views differ, so the average is not trivially any one of them
            assertTrue(maxDifference(atOne[0], atSmall[0]) > 1e-4, "scales change the output");
            assertTrue(maxDifference(atOne[0], combined[0]) > 1e-4, "flips and scales change the output");
        }
    }

    @Test
    void segmenterResizesLogitsToTheImageAndAveragesFlipsAndScales() {
        try (NDManager manager = OfflineEngine.newManager()) {
            RgbImage image = noise(37, 50, 3);
            RgbImage mirror = mirrored(image);
            NDArray combined = new SegmentationPredictor(SEGMENTER, 64, 16, true, SCALES).probabilities(manager, image);
            assertEquals(new Shape(1, 4, 37, 50), combined.getShape());
            NDArray sum = null;
            NDArray atOne = null;
            for (double scale : SCALES) {
                SegmentationPredictor single = new SegmentationPredictor(SEGMENTER, 64, 16, false, scale);
                NDArray plain = single.probabilities(manager, image);
                NDArray back = single.probabilities(manager, mirror).flip(3);
                sum = sum == null ? plain.add(back) : sum.add(plain).add(back);
                if (scale == 1) {
                    atOne = plain;
                }
            }
            float[] expected = sum.div(6).toFloatArray();
            assertArrayEquals(expected, combined.toFloatArray(), 1e-5f);
            assertTrue(maxDifference(atOne.toFloatArray(), combined.toFloatArray()) > 1e-3,
                    "flips and scales change the output");
        }
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
