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
    void summaryComesFirstThenModelsThenTheCollapsedAppendix(@TempDir Path run) throws Exception {
        ReportFixture.write(run);
        String html = Files.readString(HtmlReport.write(run, "A <test> run"));

        assertTrue(html.contains("<h1>A &lt;test&gt; run</h1>"));
        int title = html.indexOf("<h1>");
        int summary = html.indexOf("<section id=\"summary\">");
        int classifier = html.indexOf("<section class=\"model\" id=\"classifier\">");
        int segmenter = html.indexOf("<section class=\"model\" id=\"segmenter\">");
        int score = html.indexOf("<section id=\"score\">");
        int appendix = html.indexOf("<details id=\"appendix\">");
        assertTrue(title < summary && summary < classifier && classifier < segmenter && segmenter < score && score < appendix,
                title + " " + summary + " " + classifier + " " + segmenter + " " + score + " " + appendix);
        assertEquals(summary, html.indexOf("<section", title), "nothing between the title and the summary");
        assertFalse(html.contains("<details id=\"appendix\" open"), "the appendix starts collapsed");
        String summaryHtml = html.substring(summary, classifier);
        assertTrue(summaryHtml.contains("<td class=\"num\">0.600</td><td>chance 0.200</td><td>7 of 12</td>"), summaryHtml);
        assertTrue(summaryHtml.contains("all-background 0.250"));
        assertTrue(summaryHtml.contains("all-negative submission 0.200"));
        assertTrue(summaryHtml.contains("40 images of split &#39;train&#39; in /data/x (competition layout): 30 trained on, 10 held out"
                + " for validation and the local score; 5 test images submitted"), summaryHtml);
        assertTrue(summaryHtml.contains("mobilenet_v2 (width 0.5), from scratch, 128 px, batch 16, 12 epochs (ran 12, best 7),"
                + " adamw lr 0.002 cosine, 7.5 training images/s"), summaryHtml);
        assertTrue(summaryHtml.contains("2.1 min in all (classifier 60 s, segmenter 65 s)"), summaryHtml);
        assertFalse(summaryHtml.contains("aeroplane"), "no per-class tables before the models");

        // both attack methods, not only the last sweep (attack.json)
        String classifierHtml = html.substring(classifier, segmenter);
        assertTrue(classifierHtml.contains("<h4>FGSM on the classifier (fgsm)</h4>"));
        assertTrue(classifierHtml.contains("<h4>PGD on the classifier (pgd)</h4>"));
        assertTrue(classifierHtml.contains("<td>8/255</td><td>0.750</td><td>0.300</td>"), "FGSM's table");
        assertTrue(classifierHtml.contains("class=\"bar\" data-value=\"0.800\""), "AP bars");
        assertTrue(classifierHtml.contains("aeroplane AP 0.80"), "PR curves");
        String segmenterHtml = html.substring(segmenter, score);
        assertTrue(segmenterHtml.contains("data-truth=\"1\" data-predicted=\"0\" data-count=\"1\""), "heat map");
        assertTrue(segmenterHtml.contains("<span class=\"swatch\" style=\"background:#c08080\"></span>person"),
                "overlay legend in VOC colours: person (15) is (192,128,128)");
        assertTrue(html.substring(appendix).contains("<td>0.7&lt;x&gt;</td>"), "csv cells are escaped");
        assertFalse(html.contains("hidden"), "checkpoints are not a section");

        String prefix = "src=\"data:image/png;base64,";
        int start = html.indexOf(prefix) + prefix.length();
        byte[] embedded = Base64.getDecoder().decode(html.substring(start, html.indexOf('"', start)));
        BufferedImage back = ImageIO.read(new java.io.ByteArrayInputStream(embedded));
        assertEquals(0xFF0000, back.getRGB(1, 1) & 0xFFFFFF, "the first figure, loss.png, is embedded byte for byte");
        assertFalse(html.contains("http://") && html.contains("<script"), "self-contained: no scripts");
        assertFalse(Files.exists(run.resolve("report.html.tmp")));
    }

    @Test
    void aSingleTrainingRunGetsASummaryFromItsMetrics(@TempDir Path run) throws Exception {
        Files.writeString(run.resolve("metrics.json"), "{\"val_loss\": 0.3, \"val_map\": 0.5, \"best_epoch\": 2, \"epochs\": 3}");
        String html = HtmlReport.render(run, "t");
        assertTrue(html.contains("<p>model: val loss 0.300, val map 0.500, best epoch 2 of 3</p>"), html);
    }
}
