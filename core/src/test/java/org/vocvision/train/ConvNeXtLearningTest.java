package org.vocvision.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vocvision.data.Batches;
import org.vocvision.data.InMemoryDataset;
import org.vocvision.data.Label;
import org.vocvision.data.SyntheticVoc;
import org.vocvision.data.VocClasses;
import org.vocvision.engine.OfflineEngine;
import org.vocvision.loss.WeightedBceLoss;
import org.vocvision.metric.AveragePrecision;
import org.vocvision.metric.MultiLabelEvaluator;
import org.vocvision.model.ConvNeXt;
import org.vocvision.model.Normalize;
import org.vocvision.model.NormalizedModel;
import org.vocvision.task.Task;

/**
 * A smoke test that ConvNeXt learns through the shared fit loop with stochastic depth on: a reduced ConvNeXt
 * (channels 16/32/64/128, depths 1/1/2/1, drop path 0.1, layer scale starting at 1e-6 as torchvision) from
 * scratch learns 32 synthetic images in 20 short epochs, far above chance. Not the comparison with
 * mobilenet_v2 on a held-out split: that belongs with the fine-tuning recipe.
 */
class ConvNeXtLearningTest {

    private static final Logger LOG = LoggerFactory.getLogger(ConvNeXtLearningTest.class);

    @Test
    void reducedConvNeXtLearnsThirtyTwoImages() throws java.io.IOException {
        InMemoryDataset small = SyntheticVoc.builder().optLongSide(64).optSeed(5).build().dataset(32, 0);
        List<String> ids = small.ids("train");
        Batches train = Batches.builder().setDataset(small, "train", ids).setBatchSize(8).setInputSize(64, 64)
                .optShuffle(true).optSeed(1).build();
        try (NDManager manager = OfflineEngine.newManager()) {
            // the Zoo's convnext_tiny at width 0.25 takes minutes here (18 blocks); the same blocks, fewer of them
            NormalizedModel model = new NormalizedModel(Normalize.imageNet(), ConvNeXt.builder()
                    .optChannels(16, 32, 64, 128).optDepths(1, 1, 2, 1).optNumClasses(VocClasses.COUNT).optDropPath(0.1f)
                    .build());
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 64, 64));
            Fit.builder().setModel(model).setLoss(new WeightedBceLoss()).setTask(Task.CLASSIFICATION)
                    .setOptimizer(new AdamW(0.05)).setSchedule(new LrSchedule.Cosine(2e-3, 4, 0, LrSchedule.Unit.STEP))
                    .optManager(manager).optSeed(3).build()
                    .fit(train, 20);
            MultiLabelEvaluator evaluator = new MultiLabelEvaluator(VocClasses.COUNT);
            float[][] p = new org.vocvision.predict.ClassificationPredictor(model, 64, false)
                    .predict(manager, ids.stream().map(id -> small.load("train", id).image()).toList());
            for (int i = 0; i < ids.size(); i++) {
                evaluator.add(p[i], small.load("train", ids.get(i)).labels());
            }
            // chance: a constant score's scikit-learn AP is the class's prevalence
            MultiLabelEvaluator constant = new MultiLabelEvaluator(VocClasses.COUNT);
            for (String id : ids) {
                constant.add(new float[VocClasses.COUNT], small.load("train", id).labels());
            }
            double[] ap = evaluator.averagePrecision(AveragePrecision.SKLEARN);
            double[] chanceAp = constant.averagePrecision(AveragePrecision.SKLEARN);
            double presentMean = 0;
            double chance = 0;
            int present = 0;
            for (int c = 0; c < VocClasses.COUNT; c++) {
                int cls = c;
                if (ids.stream().anyMatch(id -> small.load("train", id).labels()[cls] == Label.PRESENT)) {
                    presentMean += ap[c];
                    chance += chanceAp[c];
                    present++;
                }
            }
            presentMean /= present;
            chance /= present;
            LOG.info("reduced convnext, 20 epochs on 32 images: train mAP over {} present classes {} (chance {})",
                    present, presentMean, chance);
            // 0.73 and 0.81 on the first built-in data (2026-12-05, chance 0.10); 0.451 on today's, whose 32 images
            // hold fewer, larger objects (chance 0.090). MobileNetV2 x0.5 passes 0.95 in ClassifierTrainingTest:
            // ConvNeXt from scratch with layer scale 1e-6 starts slower, so this checks learning, not a fit:
            // four times chance, where an untrained or frozen network stays near it
            assertTrue(presentMean > 4 * chance, "train mAP over " + present
                    + " present classes " + presentMean + " (chance " + chance + "), APs " + Arrays.toString(ap));
        }
    }
}
