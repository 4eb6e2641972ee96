package org.vocvision.attack;

/**
 * What one eps of a robustness sweep measured (see {@link Goal#success} for success).
 *
 * @param eps the attack's budget, [0,1] pixel units
 * @param successRate the mean per-image success, NaN when no image counts
 * @param metric the task metric on the adversarial predictions (e.g. mAP, mIoU), NaN without a metric
 * @param linf the largest perturbation actually applied (max over all images of max |delta|)
 * @param l2 the mean per-image L2 norm of the perturbation
 * @param psnr the mean PSNR (dB) over the images that changed; +Infinity when none changed
 * @param ssim the mean SSIM against the originals
 * @param images how many images were attacked
 * @param seconds wall time of the attack and the predictions at this eps
 */
public record EpsResult(double eps, double successRate, double metric, double linf, double l2, double psnr,
        double ssim, int images, double seconds) {}
