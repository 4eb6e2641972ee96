package org.vocvision.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vocvision.engine.OfflineEngine;

class VisibilityTest {

    @Test
    void ssimAndPsnrEqualTheScipyReference() {
        int c = 3;
        int h = 16;
        int w = 20;
        int size = c * h * w;
        float[] x = new float[size];
        float[] noisy = new float[size];
        float[] affine = new float[size];
        for (int k = 0; k < size; k++) {
            x[k] = (float) (0.5 + 0.4 * Math.sin(k * 0.37));
            float noise = (float) (0.1 * Math.cos(k * 1.91));
            noisy[k] = Math.min(1f, Math.max(0f, x[k] + noise));
            affine[k] = Math.min(1f, Math.max(0f, 0.8f * x[k] + 0.15f));
        }
        try (NDManager manager = OfflineEngine.newManager()) {
            Shape shape = new Shape(1, c, h, w);
            NDArray original = manager.create(x, shape);
            // src/test/python/ssim_reference.py (scipy gaussian_filter, truncate 3.5, cropped border)
            Visibility v = Visibility.perImage(original, manager.create(noisy, shape)).get(0);
            assertEquals(0.9684880245, v.ssim(), 1e-6);
            assertEquals(23.0060909612, v.psnr(), 1e-4);
            Visibility a = Visibility.perImage(original, manager.create(affine, shape)).get(0);
            assertEquals(0.9706380055, a.ssim(), 1e-6);
            assertEquals(22.4769936262, a.psnr(), 1e-4);
        }
    }

    @Test
    void normsOfAHandWorkedPerturbation() {
        try (NDManager manager = OfflineEngine.newManager()) {
            NDArray original = manager.full(new Shape(2, 3, 12, 12), 0.5f);
            float[] changed = original.toFloatArray();
            changed[0] += 0.03f; // image 0: one pixel up by 0.03, one down by 0.04
            changed[5] -= 0.04f;
            List<Visibility> v = Visibility.perImage(original, manager.create(changed, original.getShape()));
            assertEquals(0.04, v.get(0).linf(), 1e-6);
            assertEquals(0.05, v.get(0).l2(), 1e-6); // sqrt(0.03^2 + 0.04^2)
            assertEquals(10 * Math.log10(432 / 0.0025), v.get(0).psnr(), 1e-3); // MSE = 0.0025 / 432
            // unchanged image: L-inf 0, PSNR infinite, SSIM exactly 1
            assertEquals(0, v.get(1).linf());
            assertEquals(Double.POSITIVE_INFINITY, v.get(1).psnr());
            assertEquals(1.0, v.get(1).ssim(), 1e-12);
        }
    }
}
