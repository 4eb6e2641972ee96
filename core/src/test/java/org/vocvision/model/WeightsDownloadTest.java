package org.vocvision.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vocvision.data.InvalidDataException;

/** Downloads from a local HTTP server honouring Range requests, as download.pytorch.org does. */
class WeightsDownloadTest {

    @TempDir Path dir;
    private final byte[] file = new byte[300_000];
    private final List<String> ranges = new ArrayList<>();
    private HttpServer server;
    private URI url;

    @BeforeEach
    void serve() throws IOException {
        new Random(7).nextBytes(file);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/w.bin", exchange -> {
            String range = exchange.getRequestHeaders().getFirst("Range");
            ranges.add(String.valueOf(range));
            int from = range == null ? 0 : Integer.parseInt(range.replaceAll("bytes=(\\d+)-", "$1"));
            if (from >= file.length) {
                exchange.sendResponseHeaders(416, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(range == null ? 200 : 206, file.length - from);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(file, from, file.length - from);
            }
        });
        server.start();
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/w.bin");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String sha() throws IOException {
        Path p = dir.resolve("reference");
        Files.write(p, file);
        return WeightsDownload.sha256(p);
    }

    @Test
    void fullDownloadWithProgress() throws Exception {
        long[] last = {0, 0};
        Path target = WeightsDownload.fetch(url, dir.resolve("w.bin"), sha(), (done, total) -> {
            last[0] = done;
            last[1] = total;
        });
        assertArrayEquals(file, Files.readAllBytes(target));
        assertEquals(file.length, last[0]);
        assertEquals(file.length, last[1]);
        assertFalse(Files.exists(dir.resolve("w.bin.part")));
    }

    @Test
    void resumesAPartialFile() throws Exception {
        Files.write(dir.resolve("w.bin.part"), Arrays.copyOf(file, 123_456));
        long[] first = {-1};
        Path target = WeightsDownload.fetch(url, dir.resolve("w.bin"), sha().substring(0, 8), (done, total) -> {
            if (first[0] < 0) {
                first[0] = done;
            }
        });
        assertEquals(List.of("bytes=123456-"), ranges);
        assertTrue(first[0] > 123_456, "progress starts after the bytes already there");
        assertArrayEquals(file, Files.readAllBytes(target));
    }

    @Test
    void hashMismatchIsAnErrorAndLeavesNoFile() throws Exception {
        String wrong = "0".repeat(64);
        InvalidDataException e = assertThrows(InvalidDataException.class,
                () -> WeightsDownload.fetch(url, dir.resolve("w.bin"), wrong, (d, t) -> { }));
        assertTrue(e.getMessage().contains(sha()), e.getMessage());
        assertFalse(Files.exists(dir.resolve("w.bin")));
        assertFalse(Files.exists(dir.resolve("w.bin.part")));
    }

    @Test
    void publishedWeightsKnowTheirFiles() {
        assertEquals("mobilenet_v2-b0353104.pth", Weights.MOBILENET_V2_IMAGENET1K_V1.fileName());
        assertEquals("b0353104", Weights.MOBILENET_V2_IMAGENET1K_V1.card().sha256Prefix());
        assertEquals("resnetv2_50_a1h_in1k.safetensors", Weights.RESNETV2_50_A1H_IN1K.fileName());
        for (Weights w : Weights.values()) {
            Zoo.headPrefix(w.card().model());  // every entry names a registered model
        }
        assertThrows(IllegalArgumentException.class, () -> Weights.of("vgg17"));
    }
}
