package org.vocvision.predict;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import org.junit.jupiter.api.Test;
import org.vocvision.data.Mask;
import org.vocvision.data.RgbImage;
import org.vocvision.engine.OfflineEngine;

class SegmentationPredictorTest {

    /** A "segmenter" that calls a pixel class 7 where red exceeds 0.5, background elsewhere (3 channels of logits). */
    private static final Block RED_IS_CLASS_7 = new LambdaBlock(list -> {
        NDArray x = list.head();
        NDArray red = x.get(":, 0:1, :, :");
        NDArray score = red.sub(0.5f).mul(20);
        NDArray zeros = score.zerosLike();
        NDList planes = new NDList();
        for (int c = 0; c < 8; c++) {
            planes.add(c == 7 ? score : zeros);
        }
        return new NDList(NDArrays.concat(planes, 1));
    });

    @Test
    void networkSizeKeepsAspectInMultiplesOfTheStride() {
        assertArrayEquals(new int[] {240, 320}, SegmentationPredictor.networkSize(375, 500, 320, 16));
        assertArrayEquals(new int[] {64, 320}, SegmentationPredictor.networkSize(112, 500, 320, 16));
        assertArrayEquals(new int[] {320, 256}, SegmentationPredictor.networkSize(500, 400, 320, 16));
        assertArrayEquals(new int[] {16, 320}, SegmentationPredictor.networkSize(10, 500, 320, 16));
    }

    @Test
    void predictsAtTheImagesOwnSizeWithFlipAndScales() {
        int h = 37;
        int w = 50;
        RgbImage image = RgbImage.blank(h, w);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < 20; x++) {
                image.set(y, x, 0, 255);
            }
        }
        try (NDManager manager = OfflineEngine.newManager()) {
            for (SegmentationPredictor predictor : new SegmentationPredictor[] {
                new SegmentationPredictor(RED_IS_CLASS_7, 64, 16, false, 1.0),
                new SegmentationPredictor(RED_IS_CLASS_7, 64, 16, true, 0.75, 1.0, 1.5)}) {
                Mask mask = predictor.predict(manager, image);
                assertEquals(h, mask.height());
                assertEquals(w, mask.width());
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        // away from the edge at x = 20 the class must be exact; a mirrored view
                        // that were not flipped back would put class 7 on the right instead
                        if (Math.abs(x - 19.5) > 2) {
                            assertEquals(x < 20 ? 7 : 0, mask.get(y, x), "pixel " + y + "," + x);
                        }
                    }
                }
            }
        }
    }
}
