package org.vocvision.attack;

import org.vocvision.train.AdversarialTraining;
import org.vocvision.task.Task;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vocvision.data.Batch;
import org.vocvision.engine.OfflineEngine;

/** Universal and generator attacks, and adversarial-training batches, on a tiny trained classifier. */
class LearnedAttacksTest {

    private static final double EPS = 32.0 / 255;
    private static NDManager manager;
    private static Block classifier;
    private static List<Batch> train;
    private static NDList unseen;

    @BeforeAll
    static void trainClassifier() {
        manager = OfflineEngine.newManager();
        Engine.getInstance().setRandomSeed(3);
        classifier = TinyNets.classifier(manager);
        TinyNets.train(classifier, TinyNets.colourImages(manager, 128, 1), Task.CLASSIFICATION, 120, 0.05f);
        train = TinyNets.batches(TinyNets.colourImages(manager, 128, 21), 32);
        unseen = TinyNets.colourImages(manager, 128, 22);
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static double successOnUnseen(Attack attack) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = unseen.get(0);
            Goal goal = LabelGoal.away(unseen.get(1), 0.5);
            NDArray adversarial = attack.perturb(classifier, x, goal);
            assertTrue(adversarial.sub(x).abs().max().getFloat() <= EPS + 1e-6, attack.name() + " left the eps ball: " + adversarial.sub(x).abs().max().getFloat() + " " + adversarial.getShape());
            assertTrue(adversarial.min().getFloat() >= 0 && adversarial.max().getFloat() <= 1);
            return Goal.rate(goal.success(InputGradient.forward(classifier, x), InputGradient.forward(classifier, adversarial)));
        }
    }

    /** Random sign noise of the same eps: what any attack must beat. */
    private static final Attack NOISE = new Attack() {
        @Override
        public NDArray perturb(Block model, NDArray images, Goal goal) {
            return images.add(images.getManager().randomUniform(-1f, 1f, images.getShape()).sign().mul((float) EPS)).clip(0f, 1f);
        }

        @Override
        public String name() {
            return "noise";
        }
    };

    @Test
    void universalPerturbationFoolsUnseenImagesMoreThanNoise() {
        UniversalPerturbation uap = UniversalPerturbation.fit(classifier, train, TinyNets::untargeted, EPS, EPS / 4, 5);
        try (NDManager scope = manager.newSubManager()) {
            NDArray delta = uap.delta(scope);
            assertTrue(delta.abs().max().getFloat() <= EPS + 1e-6);
            assertTrue(delta.getShape().get(0) == 1);
        }
        double universal = successOnUnseen(uap);
        double noise = successOnUnseen(NOISE);
        assertTrue(universal > noise + 0.1 && universal > 0.2, "universal " + universal + " vs noise " + noise);
    }

    @Test
    void generatorFoolsUnseenImagesAndLeavesTheModelUntouched() {
        List<float[]> before = new ArrayList<>();
        classifier.getParameters().values().forEach(p -> before.add(p.getArray().toFloatArray()));
        try (GeneratorAttack generator = GeneratorAttack.builder().setEps(EPS).optChannels(8).optEpochs(15)
                .optLearningRate(0.002).train(classifier, train, TinyNets::untargeted)) {
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i), classifier.getParameters().valueAt(i).getArray().toFloatArray(), 0f,
                        "generator training changed the model's parameter " + i);
            }
            double generated = successOnUnseen(generator);
            double noise = successOnUnseen(NOISE);
            assertTrue(generated > noise + 0.1 && generated > 0.2, "generator " + generated + " vs noise " + noise);
        }
    }

    @Test
    void adversarialTrainingBatchesStayInTheBallAndRaiseTheLoss() {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = unseen.get(0);
            NDArray truth = unseen.get(1);
            Goal goal = LabelGoal.away(truth, 0.5);
            float clean = goal.objective(InputGradient.forward(classifier, x), Double.NaN).getFloat();
            for (AdversarialTraining.Config config : List.of(AdversarialTraining.Config.fgsmRandomStart(EPS),
                    AdversarialTraining.Config.pgd(EPS, 5))) {
                NDArray adversarial = AdversarialTraining.perturbBatch(classifier, x, LabelGoal.away(truth, 0.5), config);
                assertTrue(adversarial.sub(x).abs().max().getFloat() <= EPS + 1e-6);
                float attacked = goal.objective(InputGradient.forward(classifier, adversarial), Double.NaN).getFloat();
                assertTrue(attacked > clean * 1.5, config.method() + " loss " + attacked + " vs clean " + clean);
            }
            assertThrows(IllegalArgumentException.class, () -> new AdversarialTraining.Config(AdversarialTraining.Method.PGD, EPS, 0, 1));
        }
    }
}
