package org.vocvision.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** BatchAttack's aggregated sweep against single-process attack on the same images and seed. */
class BatchAttackTest {

    private static BatchAttack job(String... args) {
        BatchAttack job = new BatchAttack();
        new CommandLine(job).parseArgs(args);
        return job;
    }

    @Test
    void pgdSweepOverTasksEqualsAttack() throws Exception {
        SparkFixture f = SparkFixture.get();
        String[] sweep = {"--data", f.data.toString(), "--split", "train", "--method", "pgd", "--eps", "0,4/255,16/255",
            "--steps", "3", "--limit", "14", "--batch-size", "4", "--seed", "5"};
        Path single = f.dir.resolve("attack-single");
        Files.createDirectories(single);
        // attack writes into its --run directory: a copy of the run keeps the fixture's run clean
        org.apache.commons.io.FileUtils.copyDirectory(f.cls.toFile(), single.toFile());
        SparkFixture.cli(concat(new String[] {"attack", "--run", single.toString()}, sweep));

        Path distributed = f.dir.resolve("attack-spark");
        job(concat(new String[] {"--run", f.cls.toString(), "--out", distributed.toString(), "--partitions", "3"}, sweep))
                .run(f.spark);
        String expected = Files.readString(single.resolve("attack.json"));
        assertEquals(expected, Files.readString(distributed.resolve("attack.json")));
        assertTrue(expected.contains("\"images\" : 14"), expected);
        assertTrue(Files.exists(distributed.resolve("figures/robustness-pgd.png")));
    }

    @Test
    void fittedAttacksStayWithAttack() throws Exception {
        SparkFixture f = SparkFixture.get();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> job("--run", f.cls.toString(),
                "--data", f.data.toString(), "--split", "train", "--method", "universal", "--out",
                f.dir.resolve("never").toString()).run(f.spark));
        assertTrue(e.getMessage().contains("vocvision attack"), e.getMessage());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
