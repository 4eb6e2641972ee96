package org.vocvision.attack;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;

/**
 * How visible a perturbation is, per image, against the original (pixels in [0,1]).
 *
 * @param linf the largest absolute pixel change
 * @param l2 the Euclidean norm of the change over all C x H x W values
 * @param psnr 10 log10(1 / MSE) in dB with MAX = 1; +Infinity for an unchanged image
 * @param ssim structural similarity (Wang et al. 2004): 11 x 11 Gaussian window, sigma 1.5, K1 = 0.01,
 *     K2 = 0.03, data range 1, population (not sample) moments, mean over the valid window positions of
 *     each channel, then averaged over channels; skimage's {@code structural_similarity(...,
 *     gaussian_weights=True, use_sample_covariance=False, data_range=1)}. Images smaller than 11 pixels
 *     use the largest odd window that fits.
 */
public record Visibility(double linf, double l2, double psnr, double ssim) implements java.io.Serializable {

    private static final int WINDOW = 11;
    private static final double SIGMA = 1.5;
    private static final double C1 = 0.01 * 0.01;
    private static final double C2 = 0.03 * 0.03;

    /** One entry per image of two (N,C,H,W) batches. */
    public static List<Visibility> perImage(NDArray original, NDArray adversarial) {
        if (!original.getShape().equals(adversarial.getShape()) || original.getShape().dimension() != 4) {
            throw new IllegalArgumentException("visibility needs two (N,C,H,W) arrays of one shape, got "
                    + original.getShape() + " and " + adversarial.getShape());
        }
        long[] s = original.getShape().getShape();
        int n = (int) s[0];
        int c = (int) s[1];
        int h = (int) s[2];
        int w = (int) s[3];
        float[] a = original.toFloatArray();
        float[] b = adversarial.toFloatArray();
        int size = c * h * w;
        List<Visibility> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double linf = 0;
            double squares = 0;
            for (int k = i * size; k < (i + 1) * size; k++) {
                double d = (double) b[k] - a[k];
                linf = Math.max(linf, Math.abs(d));
                squares += d * d;
            }
            double mse = squares / size;
            double psnr = mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(1 / mse);
            double ssim = 0;
            for (int ch = 0; ch < c; ch++) {
                ssim += ssim(a, b, (i * c + ch) * h * w, h, w);
            }
            out.add(new Visibility(linf, Math.sqrt(squares), psnr, ssim / c));
        }
        return out;
    }

    /** SSIM of one H x W channel starting at {@code offset} in both arrays. */
    static double ssim(float[] x, float[] y, int offset, int h, int w) {
        int size = Math.min(WINDOW, Math.min(h, w));
        if (size % 2 == 0) {
            size--;
        }
        double[] g = gaussian(size);
        double[] xs = new double[h * w];
        double[] ys = new double[h * w];
        double[] xx = new double[h * w];
        double[] yy = new double[h * w];
        double[] xy = new double[h * w];
        for (int k = 0; k < h * w; k++) {
            xs[k] = x[offset + k];
            ys[k] = y[offset + k];
            xx[k] = xs[k] * xs[k];
            yy[k] = ys[k] * ys[k];
            xy[k] = xs[k] * ys[k];
        }
        double[] mx = filterValid(xs, h, w, g);
        double[] my = filterValid(ys, h, w, g);
        double[] mxx = filterValid(xx, h, w, g);
        double[] myy = filterValid(yy, h, w, g);
        double[] mxy = filterValid(xy, h, w, g);
        double sum = 0;
        for (int k = 0; k < mx.length; k++) {
            double vx = mxx[k] - mx[k] * mx[k];
            double vy = myy[k] - my[k] * my[k];
            double cxy = mxy[k] - mx[k] * my[k];
            sum += (2 * mx[k] * my[k] + C1) * (2 * cxy + C2)
                    / ((mx[k] * mx[k] + my[k] * my[k] + C1) * (vx + vy + C2));
        }
        return sum / mx.length;
    }

    private static double[] gaussian(int size) {
        double[] g = new double[size];
        double total = 0;
        for (int k = 0; k < size; k++) {
            double d = k - size / 2;
            g[k] = Math.exp(-d * d / (2 * SIGMA * SIGMA));
            total += g[k];
        }
        for (int k = 0; k < size; k++) {
            g[k] /= total;
        }
        return g;
    }

    /** Separable Gaussian filter keeping only the positions where the window fits ("valid"). */
    private static double[] filterValid(double[] image, int h, int w, double[] g) {
        int k = g.length;
        int ow = w - k + 1;
        int oh = h - k + 1;
        double[] rows = new double[h * ow];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < ow; c++) {
                double s = 0;
                for (int t = 0; t < k; t++) {
                    s += g[t] * image[r * w + c + t];
                }
                rows[r * ow + c] = s;
            }
        }
        double[] out = new double[oh * ow];
        for (int r = 0; r < oh; r++) {
            for (int c = 0; c < ow; c++) {
                double s = 0;
                for (int t = 0; t < k; t++) {
                    s += g[t] * rows[(r + t) * ow + c];
                }
                out[r * ow + c] = s;
            }
        }
        return out;
    }
}
