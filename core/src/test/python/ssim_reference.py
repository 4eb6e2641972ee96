"""Reference SSIM values for VisibilityTest, written independently of the Java code with scipy.

SSIM as Wang et al. 2004 / skimage.metrics.structural_similarity(gaussian_weights=True, sigma=1.5,
use_sample_covariance=False, data_range=1): Gaussian moments with scipy.ndimage.gaussian_filter
(truncate 3.5 -> an 11 x 11 window), the 5-pixel border cropped, averaged per channel then over channels.
The images come from formulas VisibilityTest.java repeats.
Run: /usr/bin/python3 src/test/python/ssim_reference.py
"""
import numpy as np
from scipy.ndimage import gaussian_filter


def ssim_channel(x, y):
    f = lambda a: gaussian_filter(a, sigma=1.5, truncate=3.5, mode="reflect")
    mx, my = f(x), f(y)
    vx = f(x * x) - mx * mx
    vy = f(y * y) - my * my
    cxy = f(x * y) - mx * my
    c1, c2 = 0.01 ** 2, 0.03 ** 2
    s = ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2))
    return s[5:-5, 5:-5].mean()


c, h, w = 3, 16, 20
k = np.arange(c * h * w)
x = (0.5 + 0.4 * np.sin(k * 0.37)).astype(np.float32).reshape(c, h, w)
noise = (0.1 * np.cos(k * 1.91)).astype(np.float32).reshape(c, h, w)
y = np.clip(x + noise, 0, 1).astype(np.float32)
z = np.clip(0.8 * x + 0.15, 0, 1).astype(np.float32)  # contrast/brightness change
for name, other in (("noise", y), ("affine", z)):
    value = np.mean([ssim_channel(x[i].astype(np.float64), other[i].astype(np.float64)) for i in range(c)])
    mse = np.mean((x.astype(np.float64) - other.astype(np.float64)) ** 2)
    print(name, "ssim %.10f" % value, "psnr %.10f" % (10 * np.log10(1 / mse)))
