package org.vocvision.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The closing summary: each number beside its baseline, best epoch, a verdict. */
class RunSummaryTest {

    @Test
    void eachNumberStandsBesideItsBaseline(@TempDir Path run) throws Exception {
        ReportFixture.write(run);
        List<String> lines = RunSummary.read(run).lines().stream().map(RunSummary.Line::text).toList();
        assertEquals(List.of(
                // gain (0.6 - 0.2) / (1 - 0.2) = 0.5 >= 0.4
                "classifier: val mAP 0.600 (chance 0.200; best epoch 7 of 12): learns well",
                // (0.5 - 0.25) / 0.75 = 0.333: between 0.15 and 0.4
                "segmenter: val mIoU 0.500 (all-background 0.250; best epoch 9 of 12): learns, with room to improve",
                // (0.6 - 0.2) / 0.8 = 0.5
                "local score: Dice 0.600 (all-negative submission 0.200; 14 rows: classification 0.700, segmentation 0.500):"
                        + " well above an empty submission",
                // 0.3 of 0.6 kept: 50% lower
                "FGSM on the classifier: mAP under attack 0.300 (clean 0.600; at eps 8/255 on 8 images): fragile: fools 75% of images,"
                        + " mAP 50% lower",
                "PGD on the classifier: mAP under attack 0.100 (clean 0.600; at eps 8/255 on 8 images): fragile: fools 75% of images,"
                        + " mAP 83% lower"), lines);
    }

    @Test
    void anAttackThatFoolsFewAndCostsLittleHoldsUp(@TempDir Path run) throws Exception {
        java.nio.file.Files.createDirectories(run.resolve("classifier"));
        java.nio.file.Files.writeString(run.resolve("classifier/attack-fgsm.json"), "{\"method\": \"fgsm\", \"task\":"
                + " \"classification\", \"metric_name\": \"mAP\", \"results\": [{\"eps\": 0.0, \"success_rate\": 0.0, \"metric\": 0.5},"
                + " {\"eps\": 0.0078, \"success_rate\": 0.25, \"metric\": 0.45}]}");
        assertEquals(List.of("FGSM on the classifier: mAP under attack 0.450 (clean 0.500; at eps 2/255): holds up at this"
                + " budget: fools 25% of images, mAP 10% lower"),
                RunSummary.read(run).lines().stream().map(RunSummary.Line::text).toList());
    }

    @Test
    void verdictsByHand() {
        assertEquals(0.5, RunSummary.gain(0.6, 0.2), 1e-12);
        assertEquals("learns well", RunSummary.learning(0.6, 0.2));
        assertEquals("learns, with room to improve", RunSummary.learning(0.3, 0.08)); // 0.22 / 0.92 = 0.24
        assertEquals("barely above its baseline: train longer or check the data", RunSummary.learning(0.1, 0.08));
        assertEquals("no better than its baseline: it has not learned", RunSummary.learning(0.07, 0.08));
        assertEquals("not measured", RunSummary.learning(Double.NaN, 0.08));
        assertEquals("no better than an empty submission", RunSummary.scoring(0.2, 0.2));
    }
}
