package org.vocvision.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.vocvision.data.NpyFormat;
import org.vocvision.data.Resize;
import org.vocvision.data.RgbImage;

/** The JSON API against a server on a free loopback port, over tiny runs trained in the test. */
class ServeApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static VisionServer server;
    private static Path runs;
    /** The test split's ids and their .npy files. */
    private static final Map<String, Path> TEST_IMAGES = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        runs = ServeFixture.runs();
        server = ServeFixture.server();
        try (var files = Files.list(runs.resolve("data/test/img"))) {
            files.sorted().forEach(f -> TEST_IMAGES.put(f.getFileName().toString().replaceAll("^test_|\\.npy$", ""), f));
        }
        assertEquals(4, TEST_IMAGES.size());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Sends the helpers' requests to {@code other} (the latency measurement's server). */
    static void use(VisionServer other) {
        server = other;
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    static HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A multipart/form-data body as a browser's FormData sends it. */
    static HttpResponse<String> postForm(String path, byte[] image, Map<String, String> fields) throws Exception {
        String boundary = "----vocvisionTest7MA4YWxkTrZu0gW";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
                    + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (image != null) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"photo.png\"\r\n"
                    + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(image);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return post(path, "multipart/form-data; boundary=" + boundary, out.toByteArray());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    static byte[] png(RgbImage image) throws Exception {
        BufferedImage b = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                b.setRGB(x, y, image.get(y, x, 0) << 16 | image.get(y, x, 1) << 8 | image.get(y, x, 2));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(b, "png", out);
        return out.toByteArray();
    }

    static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    @Test
    void describesTheModels() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/api/model")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode m = json(r);
        assertEquals("mobilenet_v2", m.get("classifier").get("model").asText());
        assertEquals(32, m.get("classifier").get("inputSize").asInt());
        assertEquals("segmentation", m.get("segmenter").get("task").asText());
        assertEquals(20, m.get("classes").size());
        assertEquals("#800000", m.get("colours").get(1).asText(), "VOC's aeroplane colour");
        List<String> attacks = new ArrayList<>();
        m.get("attacks").forEach(a -> attacks.add(a.get("name").asText()));
        assertEquals(List.of("fgsm", "bim", "pgd", "mifgsm"), attacks, "the registry's attacks that work on one image");
        assertFalse(ImageIO.getUseCache(), "uploads are decoded in memory, never through ImageIO's temporary-file cache");
    }

    /** The same probabilities as {@code vocvision predict} writes to predictions.csv, for .npy and PNG uploads. */
    @Test
    void predictEqualsThePredictCommand() throws Exception {
        Path out = Files.createTempDirectory("serve-predict").resolve("submission.csv");
        ServeFixture.cli("predict", "--run", runs.resolve("cls").toString(), "--seg-run", runs.resolve("seg").toString(),
                "--data", runs.resolve("data").toString(), "--split", "test", "--out", out.toString());
        List<String> rows = Files.readAllLines(out.resolveSibling("predictions.csv"));
        int checked = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",");
            Path npy = TEST_IMAGES.get(cells[0]);
            assertTrue(npy != null, "no image for " + cells[0] + " in " + TEST_IMAGES.keySet());
            float[] expected = new float[20];
            for (int c = 0; c < 20; c++) {
                expected[c] = Float.parseFloat(cells[c + 1]);
            }
            RgbImage image = NpyFormat.readImage(npy);
            JsonNode raw = json(post("/api/predict", "application/octet-stream", Files.readAllBytes(npy)));
            JsonNode form = json(postForm("/api/predict", png(image), Map.of()));
            for (JsonNode answer : List.of(raw, form)) {
                // predict runs the test images as one batch of 4, the API one image at a time: libtorch's batched
                // and single-image kernels round differently in the last bits (seen: 1.3e-6)
                assertArrayClose(expected, floats(answer.get("probabilities")), 1e-5f);
                assertEquals(20, answer.get("thresholds").size());
                JsonNode mask = answer.get("mask");
                assertEquals(image.width(), mask.get("width").asInt());
                assertEquals(image.height(), mask.get("height").asInt());
                double shares = 0;
                for (JsonNode s : mask.get("shares")) {
                    shares += s.get("share").asDouble();
                }
                assertEquals(1.0, shares, 1e-9);
                BufferedImage png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(
                        mask.get("png").asText().substring("data:image/png;base64,".length()))));
                assertEquals(image.width(), png.getWidth());
            }
            assertEquals(raw.toString().replaceAll("\"millis\":\\d+", ""), form.toString().replaceAll("\"millis\":\\d+", ""));
            checked++;
        }
        assertEquals(4, checked);
    }

    static void assertArrayClose(float[] expected, float[] actual, float tolerance) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, "class " + i + ": " + Arrays.toString(actual));
        }
    }

    /** The adversarial image stays within eps of the (resized) original, as returned and as saved to 8 bits. */
    @Test
    void attackRespectsEps() throws Exception {
        RgbImage image = NpyFormat.readImage(TEST_IMAGES.values().iterator().next());
        byte[] upload = png(image);
        for (String model : List.of("classifier", "segmenter")) {
            for (String method : List.of("pgd", "fgsm")) {
                double eps = 4 / 255.0;
                HttpResponse<String> r = postForm("/api/attack", upload, Map.of("method", method, "eps", Double.toString(eps),
                        "steps", "3", "model", model));
                assertEquals(200, r.statusCode(), r.body());
                JsonNode a = json(r);
                assertEquals(model, a.get("attacked").asText());
                assertTrue(a.get("linf").asDouble() <= eps + 1e-6 && a.get("linf").asDouble() > 0, r.body());
                RgbImage adversarial = DataUrls.decode(a.get("image").asText());
                RgbImage resized = Resize.apply(image, null, a.get("height").asInt(), a.get("width").asInt(), false).image();
                int worst = 0;
                for (int i = 0; i < resized.pixels().length; i++) {
                    worst = Math.max(worst, Math.abs((adversarial.pixels()[i] & 0xFF) - (resized.pixels()[i] & 0xFF)));
                }
                assertTrue(worst <= Math.ceil(eps * 255 + 0.5), method + " on the " + model + ": " + worst + "/255");
                assertTrue(a.get("psnr").asDouble() > 30 && a.get("ssim").asDouble() > 0.5, r.body());
                // both served models answer on the clean and the adversarial image, whichever was attacked
                assertEquals(20, a.get("adversarial").get("probabilities").size());
                assertEquals(20, a.get("clean").get("probabilities").size());
                assertTrue(a.get("adversarial").get("mask").isObject());
            }
        }
        // a target: the classifier is pushed to add "cat", the segmenter to paint its objects as cats
        HttpResponse<String> r = postForm("/api/attack", upload, Map.of("method", "pgd", "eps", "0.03", "steps", "2",
                "target", "cat"));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("add:cat", json(r).get("target").asText());
    }

    @Test
    void badInputsGetTheirStatusAndTheServerCarriesOn() throws Exception {
        RgbImage image = NpyFormat.readImage(TEST_IMAGES.values().iterator().next());
        byte[] good = png(image);
        // 413: over the upload limit, by Content-Length and inside a multipart body
        expect(413, "over the limit of 1048576 bytes", post("/api/predict", "image/png", new byte[(1 << 20) + 1]));
        expect(413, "over the limit", postForm("/api/predict", new byte[1 << 20], Map.of()));
        // the refusal arrives, not a reset, even while the client is still sending megabytes the server never uses
        for (int i = 0; i < 5; i++) {
            expect(413, "over the limit", post("/api/predict", "image/png", new byte[6 << 20]));
        }
        // 422: a decompression bomb: a 10000 x 10000 1-bit PNG of some kilobytes, refused from its header
        BufferedImage bomb = new BufferedImage(10_000, 10_000, BufferedImage.TYPE_BYTE_BINARY);
        ByteArrayOutputStream bombBytes = new ByteArrayOutputStream();
        ImageIO.write(bomb, "png", bombBytes);
        assertTrue(bombBytes.size() < 100_000, bombBytes.size() + " bytes");
        expect(422, "10000x10000 = 100000000 pixels is over the limit of 250000 pixels",
                post("/api/predict", "image/png", bombBytes.toByteArray()));
        // 422: a truncated PNG
        expect(422, "corrupt or truncated", post("/api/predict", "image/png", Arrays.copyOf(good, good.length / 2)));
        // 415: not an image
        expect(415, "not a PNG, JPEG or .npy image", post("/api/predict", "text/plain", "hello".getBytes(StandardCharsets.UTF_8)));
        expect(415, "not a PNG, JPEG or .npy image", postForm("/api/predict", "%PDF-1.4".getBytes(StandardCharsets.UTF_8), Map.of()));
        // 422: a .npy that is not an RGB image
        Path npy = Files.createTempFile("mask", ".npy");
        NpyFormat.writeUint8(npy, new int[] {4, 4}, new byte[16]);
        expect(422, "(H, W, 3)", post("/api/predict", null, Files.readAllBytes(npy)));
        // 400: malformed requests
        expect(400, "empty body", post("/api/predict", "image/png", new byte[0]));
        expect(400, "no (or an empty) field 'image'", postForm("/api/predict", null, Map.of("method", "pgd")));
        expect(400, "without a boundary", post("/api/predict", "multipart/form-data", good));
        expect(400, "'eps' is in pixel units", postForm("/api/attack", good, Map.of("eps", "8")));
        expect(400, "field 'eps' must be a number", postForm("/api/attack", good, Map.of("eps", "NaN")));
        expect(400, "'steps' must be a whole number from 0", postForm("/api/attack", good, Map.of("steps", "1000")));
        expect(400, "unknown attack method 'deepfool'; valid: fgsm, bim, pgd", postForm("/api/attack", good, Map.of("method", "deepfool")));
        expect(400, "universal learns from a set of images", postForm("/api/attack", good, Map.of("method", "universal")));
        expect(400, "unknown VOC class", postForm("/api/attack", good, Map.of("target", "unicorn")));
        expect(400, "fgsm works in linf, not l2", postForm("/api/attack", good, Map.of("method", "fgsm", "norm", "l2")));
        // 404 / 405: no request path reaches a file
        for (String path : List.of("/../pom.xml", "/%2e%2e/%2e%2e/etc/passwd", "/serve.js/../../ServedModels.class",
                "/org/vocvision/serve/index.html", "/etc/passwd", "/api/../serve.js/x", "/api/nothing")) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/")).uri(URI.create(uri("").toString() + path))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, r.statusCode(), path + ": " + r.body());
        }
        expect(405, "GET is not allowed here; use POST", HTTP.send(HttpRequest.newBuilder(uri("/api/predict")).build(),
                HttpResponse.BodyHandlers.ofString()));
        // after all that, the server still answers
        assertEquals(200, post("/api/predict", "image/png", good).statusCode());
    }

    static void expect(int status, String message, HttpResponse<String> r) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertTrue(json(r).get("error").asText().contains(message), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    }

    /** 50 concurrent requests (predictions of four images, some attacks and some refusals) all answer correctly. */
    @Test
    void fiftyConcurrentRequests() throws Exception {
        List<byte[]> images = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (Path npy : TEST_IMAGES.values()) {
            byte[] bytes = Files.readAllBytes(npy);
            images.add(bytes);
            expected.add(json(post("/api/predict", null, bytes)).get("probabilities").toString());
        }
        ExecutorService clients = Executors.newFixedThreadPool(50);
        try {
            List<Future<String>> answers = new ArrayList<>();
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            for (int i = 0; i < 50; i++) {
                int k = i;
                answers.add(clients.submit(() -> {
                    go.await();
                    if (k % 10 == 9) {
                        HttpResponse<String> r = post("/api/predict", "text/plain", "not an image".getBytes(StandardCharsets.UTF_8));
                        return r.statusCode() == 415 ? "ok" : "expected 415, got " + r.statusCode() + " " + r.body();
                    }
                    if (k % 10 == 4) {
                        HttpResponse<String> r = postForm("/api/attack", images.get(k % 4), Map.of("method", "fgsm", "eps", "0.01"));
                        return r.statusCode() == 200 && json(r).get("linf").asDouble() <= 0.01 + 1e-6 ? "ok"
                                : "attack " + r.statusCode() + " " + r.body();
                    }
                    HttpResponse<String> r = post("/api/predict", null, images.get(k % 4));
                    String p = r.statusCode() == 200 ? json(r).get("probabilities").toString() : r.body();
                    return p.equals(expected.get(k % 4)) ? "ok" : "image " + k % 4 + ": " + r.statusCode() + " " + p;
                }));
            }
            long start = System.nanoTime();
            go.countDown();
            List<String> problems = new ArrayList<>();
            for (Future<String> f : answers) {
                String a = f.get();
                if (!a.equals("ok")) {
                    problems.add(a);
                }
            }
            System.out.printf("50 concurrent requests answered in %d ms%n", (System.nanoTime() - start) / 1_000_000);
            assertTrue(problems.isEmpty(), problems.toString());
        } finally {
            clients.shutdownNow();
        }
        assertFalse(server.url().isEmpty());
    }
}
