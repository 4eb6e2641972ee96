package org.vocvision.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code vocvision serve} as a user runs it, in its own JVM: it prints the URL, answers, and on Ctrl-C
 * (SIGINT) its shutdown hook stops the server and frees the models, printing "stopped".
 */
class ServeShutdownTest {

    @Test
    void ctrlCStopsCleanly() throws Exception {
        Path runs = ServeFixture.runs();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "-Dai.djl.offline=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "org.vocvision.cli.Main", "serve", "--run", runs.resolve("cls").toString(), "--port", "0")
                .redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
            String url = null;
            String line;
            while (url == null && (line = out.readLine()) != null) {
                lines.add(line);
                if (line.startsWith("serving http://127.0.0.1:")) {
                    url = line.substring("serving ".length(), line.indexOf(' ', "serving ".length()));
                }
            }
            assertTrue(url != null, "no URL printed: " + lines);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<script src=\"serve.js\"></script>"));

            new ProcessBuilder("kill", "-INT", Long.toString(serve.pid())).start().waitFor(); // what Ctrl-C sends
            assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "still running after SIGINT: " + lines);
            while ((line = out.readLine()) != null) {
                lines.add(line);
            }
            assertTrue(lines.contains("stopped"), lines.toString());
            assertTrue(lines.stream().noneMatch(l -> l.contains("Exception")), lines.toString());
            String gone = url;
            assertThrows(ConnectException.class, () -> http.send(HttpRequest.newBuilder(URI.create(gone + "api/model")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        } finally {
            serve.destroyForcibly();
        }
    }
}
