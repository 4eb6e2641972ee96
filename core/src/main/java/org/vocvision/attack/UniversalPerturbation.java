package org.vocvision.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vocvision.data.Batch;

/**
 * One image-agnostic perturbation, inside the L-inf eps ball, that fools the model on most images of
 * a set (Moosavi-Dezfooli et al. 2017). Found by stochastic gradient ascent on the batch loss with
 * sign steps and projection (the SGD variant of Shafahi et al. 2020, "Universal adversarial
 * training"), which scales to big sets unlike the original DeepFool loop.
 *
 * <p>As an {@link Attack} it ignores the goal and adds the same perturbation to every image.
 */
public final class UniversalPerturbation implements Attack {

    private static final Logger LOG = LoggerFactory.getLogger(UniversalPerturbation.class);

    private final float[] delta;
    private final Shape shape;
    private final float eps;

    private UniversalPerturbation(float[] delta, Shape shape, float eps) {
        this.delta = delta;
        this.shape = shape;
        this.eps = eps;
    }

    /**
     * Fits the perturbation.
     *
     * @param batches the images to fool, passed {@code epochs} times (all of one H x W)
     * @param goals the goal of each batch (e.g. untargeted on its truth), made in the step's manager
     * @param alpha the sign-step size per batch
     */
    public static UniversalPerturbation fit(Block model, Iterable<Batch> batches, Function<BatchInManager, Goal> goals,
            double eps, double alpha, int epochs) {
        float e = (float) eps;
        NDArray delta = null;
        Shape shape = null;
        try (NDManager home = ai.djl.engine.Engine.getInstance().newBaseManager()) {
            for (int epoch = 0; epoch < epochs; epoch++) {
                long start = System.nanoTime();
                int images = 0;
                for (Batch batch : batches) {
                    try (NDManager step = home.newSubManager()) {
                        NDArray x = batch.images(step);
                        if (delta == null) {
                            shape = new Shape(1, 3, batch.height(), batch.width());
                            delta = home.zeros(shape);
                        } else if (batch.height() != shape.get(2) || batch.width() != shape.get(3)) {
                            throw new IllegalArgumentException("a universal perturbation needs one image size: got "
                                    + batch.height() + "x" + batch.width() + " after " + shape.get(2) + "x" + shape.get(3));
                        }
                        Goal goal = goals.apply(new BatchInManager(batch, step));
                        delta.attach(step);
                        NDArray adversarial = x.add(delta).clip(0f, 1f);
                        // d loss / d delta = sum over the batch of d loss / d x_i (x_i + delta is linear in delta)
                        NDArray gradient = InputGradient.of(model, adversarial, goal).sum(new int[] {0}, true);
                        NDArray next = Norm.LINF.project(delta.add(gradient.sign().mul((float) alpha)), e);
                        next.attach(home);
                        delta = next;
                        images += batch.size();
                    }
                }
                LOG.info("universal perturbation epoch {}: {} images in {} ms", epoch + 1, images,
                        (System.nanoTime() - start) / 1_000_000);
            }
            if (delta == null) {
                throw new IllegalArgumentException("no batches to fit a universal perturbation on");
            }
            return new UniversalPerturbation(delta.toFloatArray(), shape, e);
        }
    }

    /** A batch together with the manager its arrays should live in. */
    public record BatchInManager(Batch batch, NDManager manager) {}

    /** The perturbation, (1,3,H,W), in {@code manager}. */
    public NDArray delta(NDManager manager) {
        return manager.create(delta, shape);
    }

    public double eps() {
        return eps;
    }

    @Override
    public NDArray perturb(Block model, NDArray images, Goal goal) {
        if (images.getShape().get(2) != shape.get(2) || images.getShape().get(3) != shape.get(3)) {
            throw new IllegalArgumentException("universal perturbation is " + shape.get(2) + "x" + shape.get(3)
                    + " but the images are " + images.getShape());
        }
        try (NDArray d = delta(images.getManager())) {
            return images.add(d).clip(0f, 1f);
        }
    }

    @Override
    public String name() {
        return "universal";
    }
}
