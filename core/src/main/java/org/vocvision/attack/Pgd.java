package org.vocvision.attack;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.SplittableRandom;

/**
 * Projected gradient descent (Madry et al. 2018) in an L-inf or L2 ball, with an optional random
 * start (torchattacks {@code attacks/pgd.py}, {@code pgdl2.py}) and, for segmentation, SegPGD's
 * per-pixel weighting (Gu et al. 2022): at step t of T, pixels still to fool weigh 1 - lambda and
 * fooled pixels lambda, lambda = (t - 1) / (2T).
 */
public final class Pgd implements Attack {

    private final float eps;
    private final float alpha;
    private final int steps;
    private final Norm norm;
    private final boolean randomStart;
    private final boolean segPgd;
    private final String name;

    private Pgd(Builder b, String name) {
        this.eps = (float) b.eps;
        this.alpha = (float) b.alpha;
        this.steps = b.steps;
        this.norm = b.norm;
        this.randomStart = b.randomStart;
        this.segPgd = b.segPgd;
        this.name = name;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public NDArray perturb(Block model, NDArray images, Goal goal) {
        NDManager home = images.getManager();
        NDArray adversarial = randomStart ? randomStart(images) : images.duplicate();
        for (int t = 1; t <= steps; t++) {
            try (NDManager step = home.newSubManager()) {
                adversarial.attach(step);
                double lambda = segPgd ? (t - 1) / (2.0 * steps) : Double.NaN;
                NDArray gradient = InputGradient.of(model, adversarial, goal, lambda);
                NDArray next = norm.projectImages(adversarial.add(norm.step(gradient, alpha)), images, eps);
                next.attach(home);
                adversarial = next;
            }
        }
        return adversarial;
    }

    /**
     * A uniform point of the L-inf ball, or for L2 a uniform direction at a uniform radius (pgdl2.py), drawn per
     * image from the engine's seed and that image's own pixels, not from the engine's global generator: an image
     * gets the same start whichever batch, thread or machine attacks it, so a sweep split over Spark tasks running
     * side by side equals the single-process one.
     */
    private NDArray randomStart(NDArray images) {
        NDManager manager = images.getManager();
        Shape shape = images.getShape();
        int n = (int) shape.get(0);
        int per = (int) (shape.size() / n);
        float[] pixels = images.toFloatArray();
        float[] delta = new float[pixels.length];
        Integer seed = Engine.getInstance().getSeed();
        for (int i = 0; i < n; i++) {
            int from = i * per;
            int hash = 1;
            for (int j = from; j < from + per; j++) {
                hash = 31 * hash + Float.floatToIntBits(pixels[j]);
            }
            SplittableRandom random = new SplittableRandom((seed == null ? 0L : seed) * 0x9E3779B97F4A7C15L + hash);
            if (norm == Norm.LINF) {
                for (int j = from; j < from + per; j++) {
                    delta[j] = (float) ((2 * random.nextDouble() - 1) * eps);
                }
            } else {
                double squares = 0;
                for (int j = from; j < from + per; j++) {
                    delta[j] = (float) random.nextGaussian();
                    squares += (double) delta[j] * delta[j];
                }
                double scale = random.nextDouble() * eps / (Math.sqrt(squares) + 1e-12);
                for (int j = from; j < from + per; j++) {
                    delta[j] = (float) (delta[j] * scale);
                }
            }
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray start = images.add(scope.create(delta, shape)).clip(0f, 1f);
            start.attach(manager);
            return start;
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** PGD settings; defaults follow torchattacks: 10 steps of 2/255, L-inf, random start. */
    public static final class Builder {
        private double eps = 8.0 / 255;
        private double alpha = 2.0 / 255;
        private int steps = 10;
        private Norm norm = Norm.LINF;
        private boolean randomStart = true;
        private boolean segPgd;

        public Builder setEps(double eps) {
            this.eps = eps;
            return this;
        }

        public Builder optAlpha(double alpha) {
            this.alpha = alpha;
            return this;
        }

        public Builder optSteps(int steps) {
            this.steps = steps;
            return this;
        }

        public Builder optNorm(Norm norm) {
            this.norm = norm;
            return this;
        }

        public Builder optRandomStart(boolean randomStart) {
            this.randomStart = randomStart;
            return this;
        }

        /** SegPGD weighting of the per-pixel loss; only changes segmentation goals. */
        public Builder optSegPgd(boolean segPgd) {
            this.segPgd = segPgd;
            return this;
        }

        public Pgd build() {
            return build(segPgd ? "segpgd" : norm == Norm.L2 ? "pgd-l2" : "pgd");
        }

        Pgd build(String name) {
            if (!(eps >= 0)) {
                throw new IllegalArgumentException("eps must be >= 0, got " + eps);
            }
            if (!(alpha > 0)) {
                throw new IllegalArgumentException("alpha (step size) must be > 0, got " + alpha);
            }
            if (steps < 1) {
                throw new IllegalArgumentException("steps must be >= 1, got " + steps);
            }
            return new Pgd(this, name);
        }
    }
}
