package org.vocvision.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SkippingDatasetTest {

    @TempDir Path root;

    @Test
    void skipsBrokenSamplesAndReportsThem() throws IOException {
        List<Sample> train = List.of(
                TinySamples.labelled("0", 4, 6, 1, 15),
                TinySamples.labelled("1", 4, 6, 2, 8),
                TinySamples.labelled("2", 4, 6, 3, 12),
                TinySamples.labelled("3", 4, 6, 4, 1));
        DatasetWriter.write(root, Layout.COMPETITION, train, List.of());
        Files.delete(root.resolve("train/img/train_1.npy"));
        Files.writeString(root.resolve("train/seg/train_3.npy"), "garbage");
        SkippingDataset data = new SkippingDataset(Datasets.open(root, null));
        assertEquals(List.of("0", "2"), data.ids("train"));
        assertEquals(2, data.skipped().size());
        assertEquals("1", data.skipped().get(0).id());
        assertTrue(data.skipped().get(0).file().endsWith("train_1.npy"));
        assertEquals("3", data.skipped().get(1).id());
        String report = data.report();
        assertTrue(report.startsWith("skipped 2 invalid samples"), report);
        assertTrue(report.contains("train_1.npy") && report.contains("train_3.npy"), report);
        assertEquals(2, ClassStatistics.of(data, "train").images());
    }
}
