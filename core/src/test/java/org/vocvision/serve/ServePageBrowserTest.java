package org.vocvision.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.vocvision.data.RgbImage;
import org.vocvision.data.SyntheticVoc;

/**
 * The page in a real browser: Debian's headless chromium through chromedriver loads it from a test server,
 * uploads a fixture image, waits for the labels and the mask, checks them against the API's answer, runs
 * an attack, and saves a screenshot to target/serve-page.png. Skipped where chromium or chromedriver is
 * missing (.ci/run installs both).
 */
class ServePageBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @Test
    void uploadShowsLabelsMaskAndAnAttack() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)");
        Path target = Path.of("target");
        Files.createDirectories(target);
        // a synthetic photo larger than the training images, so the screenshot shows something
        RgbImage photo = SyntheticVoc.builder().optSeed(11).optLongSide(160).build().samples("page", 1).get(0).image();
        Path fixture = target.resolve("serve-fixture.png");
        Files.write(fixture, ServeApiTest.png(photo));

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,2000", "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        try (VisionServer server = ServeFixture.server()) {
            ChromeDriver browser = new ChromeDriver(service, options);
            try {
                browser.get(server.url());
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120));
                wait.until(d -> "ready".equals(d.findElement(By.tagName("body")).getAttribute("data-state")));
                WebElement file = browser.findElement(By.id("file"));
                ((JavascriptExecutor) browser).executeScript("arguments[0].style.display = 'block'", file);
                file.sendKeys(fixture.toAbsolutePath().toString());
                wait.until(d -> List.of("predicted", "error").contains(d.findElement(By.tagName("body")).getAttribute("data-state")));
                assertEquals("predicted", browser.findElement(By.tagName("body")).getAttribute("data-state"),
                        browser.findElement(By.id("status")).getText());

                // what the page shows equals what the API answers for the same file
                JsonNode api = ServeApiTest.json(postTo(server, Files.readAllBytes(fixture)));
                List<String> labels = new ArrayList<>();
                api.get("labels").forEach(l -> labels.add(l.asText()));
                List<String> chips = browser.findElements(By.cssSelector("#predicted .chip")).stream().map(WebElement::getText).toList();
                assertEquals(labels, chips);
                assertEquals(20, browser.findElements(By.cssSelector("#bars .bar")).size());
                assertEquals(labels.size(), browser.findElements(By.cssSelector("#bars .bar.on")).size());
                List<String> legend = browser.findElements(By.cssSelector("#legend li")).stream()
                        .map(e -> e.getAttribute("data-class")).toList();
                List<String> shares = new ArrayList<>();
                api.get("mask").get("shares").forEach(s -> shares.add(s.get("name").asText()));
                assertEquals(shares, legend);
                assertEquals(photo.width(), ((Number) ((JavascriptExecutor) browser)
                        .executeScript("return document.getElementById('overlay').width")).intValue());
                long coloured = ((Number) ((JavascriptExecutor) browser).executeScript(
                        "const c = document.getElementById('overlay');"
                        + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                        + "let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n;")).longValue();
                double background = 0;
                for (JsonNode s : api.get("mask").get("shares")) {
                    background += s.get("index").asInt() == 0 ? s.get("share").asDouble() : 0;
                }
                assertEquals(Math.round((1 - background) * photo.width() * photo.height()), coloured,
                        "the overlay colours exactly the non-background pixels");

                // an attack from the panel: PGD, eps 8/255, 3 steps
                browser.findElement(By.id("steps")).clear();
                browser.findElement(By.id("steps")).sendKeys("3");
                browser.findElement(By.id("run-attack")).click();
                wait.until(d -> List.of("attacked", "error").contains(d.findElement(By.tagName("body")).getAttribute("data-state")));
                assertEquals("attacked", browser.findElement(By.tagName("body")).getAttribute("data-state"),
                        browser.findElement(By.id("status")).getText());
                assertTrue(browser.findElement(By.id("adv-image")).getAttribute("src").startsWith("data:image/png;base64,"));
                String metrics = browser.findElement(By.id("adv-metrics")).getText();
                assertTrue(metrics.startsWith("L∞ ") && metrics.contains("PSNR") && metrics.contains("SSIM"), metrics);
                Path shot = target.resolve("serve-page.png");
                Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
                System.out.println("screenshot: " + shot.toAbsolutePath() + "; page said: "
                        + browser.findElement(By.id("status")).getText() + " | " + metrics);
            } finally {
                browser.quit();
            }
        }
    }

    private static java.net.http.HttpResponse<String> postTo(VisionServer server, byte[] png) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(server.url() + "api/predict")).header("Content-Type", "image/png")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(png)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

}
