package org.vocvision.attack;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;

/**
 * A k x k median per channel (feature squeezing, Xu et al. 2018), borders extended by repeating the
 * edge pixel. k must be odd so the window has a centre.
 */
public record MedianFilter(int size) implements InputDefence {

    public MedianFilter {
        if (size < 1 || size % 2 == 0) {
            throw new IllegalArgumentException("median filter size must be odd and >= 1, got " + size);
        }
    }

    @Override
    public NDArray apply(NDArray images) {
        long[] s = images.getShape().getShape();
        int planes = (int) (s[0] * s[1]);
        int h = (int) s[2];
        int w = (int) s[3];
        float[] in = images.toFloatArray();
        float[] out = new float[in.length];
        float[] window = new float[size * size];
        int r = size / 2;
        for (int p = 0; p < planes; p++) {
            int base = p * h * w;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int k = 0;
                    for (int dy = -r; dy <= r; dy++) {
                        int yy = Math.min(h - 1, Math.max(0, y + dy));
                        for (int dx = -r; dx <= r; dx++) {
                            int xx = Math.min(w - 1, Math.max(0, x + dx));
                            window[k++] = in[base + yy * w + xx];
                        }
                    }
                    Arrays.sort(window);
                    out[base + y * w + x] = window[window.length / 2];
                }
            }
        }
        return images.getManager().create(out, images.getShape());
    }

    @Override
    public String name() {
        return "median" + size;
    }
}
