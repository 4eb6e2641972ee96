package org.vocvision.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import org.vocvision.attack.Attack;
import org.vocvision.attack.AttackParams;
import org.vocvision.attack.Attacks;
import org.vocvision.attack.Goal;
import org.vocvision.attack.Norm;

/**
 * Adversarial batches for adversarial training; the training loop calls {@link #perturbBatch} on each
 * batch BEFORE it opens its own GradientCollector (only one may be open) and trains on the result.
 * The attack runs the model with training=false, so batch-norm statistics do not see the attack.
 */
public final class AdversarialTraining {

    /** How the adversarial batch is made. */
    public enum Method {
        /** FGSM from a uniform random start with step 1.25 eps ("Fast is better than free", Wong et al. 2020). */
        FGSM_RS,
        /** L-inf PGD with random start (Madry et al. 2018). */
        PGD
    }

    /**
     * @param method FGSM_RS or PGD
     * @param eps the L-inf radius in [0,1] pixel units (e.g. 8/255)
     * @param alpha the step (FGSM_RS: Wong et al. use 1.25 eps; PGD: e.g. eps/4)
     * @param steps PGD steps (FGSM_RS uses 1)
     */
    public record Config(Method method, double eps, double alpha, int steps) {

        public Config {
            if (!(eps >= 0) || !(alpha > 0) || steps < 1) {
                throw new IllegalArgumentException("adversarial training needs eps >= 0, alpha > 0, steps >= 1; got eps="
                        + eps + " alpha=" + alpha + " steps=" + steps);
            }
        }

        /**
         * From the command line's words: {@code fgsm-rs} (Wong et al.) or {@code pgd} with {@code steps}
         * steps of eps/4 (Madry et al.).
         */
        public static Config of(String method, double eps, int steps) {
            return switch (method.toLowerCase(java.util.Locale.ROOT)) {
                case "fgsm-rs", "fgsm" -> fgsmRandomStart(eps);
                case "pgd" -> pgd(eps, steps);
                default -> throw new IllegalArgumentException(
                        "unknown adversarial training method '" + method + "'; use fgsm-rs or pgd");
            };
        }

        /** Wong et al. 2020's recipe. */
        public static Config fgsmRandomStart(double eps) {
            return new Config(Method.FGSM_RS, eps, 1.25 * eps, 1);
        }

        /** Madry et al. 2018's recipe with step eps/4. */
        public static Config pgd(double eps, int steps) {
            return new Config(Method.PGD, eps, eps / 4, steps);
        }

        /** Both recipes are L-inf PGD from a random start: FGSM-RS is its one-step case. */
        Attack attack() {
            int n = method == Method.FGSM_RS ? 1 : steps;
            return Attacks.get("pgd").factory().create(eps, new AttackParams(Norm.LINF, n, alpha, false), n, null);
        }
    }

    private AdversarialTraining() {}

    /**
     * Adversarial images for one training batch.
     *
     * @param goal untargeted on the batch's truth (the task makes it)
     */
    public static NDArray perturbBatch(Block model, NDArray images, Goal goal, Config config) {
        return config.attack().perturb(model, images, goal);
    }
}
