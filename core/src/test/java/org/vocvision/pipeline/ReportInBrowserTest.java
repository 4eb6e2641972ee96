package org.vocvision.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.vocvision.run.RunDir;

/**
 * The report of a small real run, rendered by headless Chromium (Debian's {@code chromium}; {@code .ci/run}
 * installs it): a screenshot of its first screen goes to target/report-first-screen.png, and a copy of the
 * report with a probe script appended says, after the page has loaded, whether every image decoded and where
 * the summary sits. Skipped, with the reason, where no Chromium is installed.
 */
class ReportInBrowserTest {

    static final int WIDTH = 1280;
    static final int HEIGHT = 900;

    /** Runs after the load event: every img complete with a natural width; the summary's place; the appendix closed. */
    private static final String PROBE = "<script>window.addEventListener('load',function(){"
            + "var imgs=[].slice.call(document.images);"
            + "var broken=imgs.filter(function(i){return !(i.complete&&i.naturalWidth>0);}).map(function(i){return i.alt;});"
            + "var s=document.getElementById('summary').getBoundingClientRect();"
            + "var m=document.querySelector('section.model');"
            + "var first=document.querySelector('h1').nextElementSibling;"
            + "var p=document.createElement('pre');p.id='probe';p.textContent=JSON.stringify({images:imgs.length,broken:broken,"
            + "summaryTop:s.top,summaryBottom:s.bottom,firstAfterTitle:first.id,"
            + "modelTop:m?m.getBoundingClientRect().top:-1,svgs:document.querySelectorAll('svg').length,"
            + "appendixOpen:document.getElementById('appendix').open});document.body.appendChild(p);});</script>";

    @Test
    void summaryIsOnTheFirstScreenAndEveryImageLoads() throws Exception {
        Path chromium = chromium();
        assumeTrue(chromium != null, "headless Chromium not installed (/usr/bin/chromium): skipped the browser check of"
                + " report.html; install it with 'apt-get install -y chromium' (.ci/run does)");
        TinyMainRun.result();
        Path report = TinyMainRun.runDir().resolve(RunDir.REPORT).toAbsolutePath();
        Path target = Path.of("target").toAbsolutePath();

        Path screenshot = target.resolve("report-first-screen.png");
        Files.deleteIfExists(screenshot);
        run(chromium, target, "--screenshot=" + screenshot, "--window-size=" + WIDTH + "," + HEIGHT, report.toUri().toString());
        assertTrue(Files.isRegularFile(screenshot), "chromium wrote no screenshot " + screenshot);
        BufferedImage shot = ImageIO.read(screenshot.toFile());
        assertEquals(WIDTH, shot.getWidth());
        assertTrue(distinctColours(shot) > 20, "the first screen is blank");

        Path probed = target.resolve("report-probed.html");
        String html = Files.readString(report, StandardCharsets.UTF_8);
        Files.writeString(probed, html.replace("</body>", PROBE + "</body>"), StandardCharsets.UTF_8);
        String dom = run(chromium, target, "--dump-dom", "--window-size=" + WIDTH + "," + HEIGHT, probed.toUri().toString());
        Matcher m = Pattern.compile("<pre id=\"probe\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        assertTrue(m.find(), "the probe did not run; chromium printed: " + dom.substring(0, Math.min(500, dom.length())));
        JsonNode probe = RunDir.JSON.readTree(m.group(1).replace("&quot;", "\""));

        assertTrue(probe.get("images").asInt() >= 10, "expected the run's figures, got " + probe);
        assertEquals(0, probe.get("broken").size(), "images that did not load: " + probe.get("broken"));
        assertTrue(probe.get("svgs").asInt() >= 4, "AP bars, PR curves, heat map, IoU bars: " + probe);
        assertEquals("summary", probe.get("firstAfterTitle").asText(), "the summary comes right after the title");
        assertTrue(probe.get("summaryTop").asDouble() < 150, "summary starts on the first screen: " + probe);
        assertTrue(probe.get("summaryBottom").asDouble() <= HEIGHT, "the whole summary fits the first screen: " + probe);
        assertTrue(probe.get("modelTop").asDouble() >= probe.get("summaryBottom").asDouble(), "models come after it: " + probe);
        assertEquals(false, probe.get("appendixOpen").asBoolean(), "the appendix starts collapsed");
    }

    private static Path chromium() {
        for (String name : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            Path p = Path.of(name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Runs headless Chromium with its own profile (parallel runs do not share a lock) and returns stdout. */
    private static String run(Path chromium, Path target, String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(target, "chromium-profile");
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--no-first-run", "--disable-dev-shm-usage", "--virtual-time-budget=10000",
                "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Path out = target.resolve("chromium-out.txt");
        Path err = target.resolve("chromium-err.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish in 180 s: " + command);
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError("chromium exited " + process.exitValue() + ": " + Files.readString(err, StandardCharsets.UTF_8));
        }
        return stdout;
    }

    private static int distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
