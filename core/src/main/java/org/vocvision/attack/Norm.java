package org.vocvision.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

/**
 * The ball a perturbation lives in, with its steepest-ascent step and its projection
 * (Madry et al. 2018; torchattacks {@code attacks/pgd.py} and {@code pgdl2.py}).
 */
public enum Norm {
    LINF {
        @Override
        NDArray step(NDArray gradient, float alpha) {
            return gradient.sign().mul(alpha);
        }

        @Override
        NDArray project(NDArray delta, float eps) {
            return delta.clip(-eps, eps);
        }
    },
    L2 {
        @Override
        NDArray step(NDArray gradient, float alpha) {
            // the 1e-12 keeps a zero gradient a zero step instead of NaN (torchattacks uses 1e-10)
            return gradient.div(perImageL2(gradient).add(1e-12f)).mul(alpha);
        }

        @Override
        NDArray project(NDArray delta, float eps) {
            NDArray norm = perImageL2(delta);
            NDArray factor = NDArrays.minimum(norm.add(1e-12f).pow(-1).mul(eps), 1f);
            return delta.mul(factor);
        }
    };

    /** The command-line name: {@code linf} or {@code l2}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The norm named {@code linf} or {@code l2} (any case). */
    public static Norm named(String name) {
        for (Norm n : values()) {
            if (n.label().equalsIgnoreCase(name.trim())) {
                return n;
            }
        }
        throw new IllegalArgumentException("--norm must be linf or l2, got '" + name + "'");
    }

    /** The step of size {@code alpha} (in this norm) that increases the loss fastest to first order. */
    abstract NDArray step(NDArray gradient, float alpha);

    /** The nearest point of the eps ball around 0, per image. */
    abstract NDArray project(NDArray delta, float eps);

    /** Projects {@code adversarial} into the eps ball around {@code images} and into [0,1]. */
    NDArray projectImages(NDArray adversarial, NDArray images, float eps) {
        return images.add(project(adversarial.sub(images), eps)).clip(0f, 1f);
    }

    /** ||x_i||_2 of each image, shaped (N,1,1,1) to broadcast. */
    static NDArray perImageL2(NDArray x) {
        long n = x.getShape().get(0);
        return x.reshape(n, -1).square().sum(new int[] {1}).sqrt().reshape(n, 1, 1, 1);
    }
}
