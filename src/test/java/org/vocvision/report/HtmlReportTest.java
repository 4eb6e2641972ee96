package org.vocvision.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    @Test
    void embedsEveryResultOfTheRunAndItsSubRuns(@TempDir Path run) throws Exception {
        Files.writeString(run.resolve("score.json"), "{\"dice\": 0.8125, \"rows\": 4}");
        Path classifier = Files.createDirectories(run.resolve("classifier"));
        Files.writeString(classifier.resolve("metrics.json"), "{\"val_map\": 0.5, \"epochs\": 3}");
        Files.writeString(classifier.resolve("history.csv"), "epoch,lr,train_loss\n1,0.01,0.7<x>\n");
        Files.createDirectories(classifier.resolve("figures"));
        BufferedImage png = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        png.setRGB(1, 1, 0xFF0000);
        ImageIO.write(png, "png", classifier.resolve("figures/loss.png").toFile());
        Files.createDirectories(run.resolve("checkpoints"));
        Files.writeString(run.resolve("checkpoints/metrics.json"), "{\"hidden\": 1}");

        Path out = HtmlReport.write(run, "A <test> run");
        String html = Files.readString(out);

        assertTrue(html.contains("<h1>A &lt;test&gt; run</h1>"));
        assertTrue(html.contains("<th>dice</th><td>0.8125</td>"));
        assertTrue(html.contains("<h2>classifier</h2>"));
        assertTrue(html.contains("<th>val_map</th><td>0.5000</td>"));
        assertTrue(html.contains("<td>0.7&lt;x&gt;</td>"), "csv cells are escaped");
        assertFalse(html.contains("hidden"), "checkpoints are not a section");
        String prefix = "src=\"data:image/png;base64,";
        int start = html.indexOf(prefix) + prefix.length();
        byte[] embedded = Base64.getDecoder().decode(html.substring(start, html.indexOf('"', start)));
        BufferedImage back = ImageIO.read(new java.io.ByteArrayInputStream(embedded));
        assertEquals(0xFF0000, back.getRGB(1, 1) & 0xFFFFFF, "the figure is embedded byte for byte");
        assertFalse(Files.exists(run.resolve("report.html.tmp")));
    }
}
