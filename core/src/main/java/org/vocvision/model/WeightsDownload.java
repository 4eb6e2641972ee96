package org.vocvision.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vocvision.data.InvalidDataException;

/**
 * Downloads a weight file over HTTP(S) into {@code FILE.part}, resuming a partial one with a Range
 * request, checks its SHA-256 (a full digest or torch.hub's published prefix), then renames it into
 * place. Only ever called on a user's explicit request.
 */
public final class WeightsDownload {

    private static final Logger LOG = LoggerFactory.getLogger(WeightsDownload.class);
    private static final int BUFFER = 1 << 16;

    /** Receives (bytes so far, total bytes or -1) as the download proceeds. */
    public interface Progress {
        void update(long done, long total);
    }

    private WeightsDownload() {}

    /** Downloads published weights into {@code dir}, named {@link Weights#fileName()}. */
    public static Path download(Weights weights, Path dir, Progress progress) throws IOException, InterruptedException {
        return fetch(weights.card().url(), dir.resolve(weights.fileName()), weights.card().sha256Prefix(), progress);
    }

    /**
     * @param expectedSha256 the full hex digest or a prefix of it; null skips the check (logged)
     * @return {@code target}, complete and checked
     */
    public static Path fetch(URI url, Path target, String expectedSha256, Progress progress)
            throws IOException, InterruptedException {
        if (Files.exists(target)) {
            check(target, target, expectedSha256);
            LOG.info("{} is already there", target);
            return target;
        }
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path part = target.resolveSibling(target.getFileName() + ".part");
        long have = Files.exists(part) ? Files.size(part) : 0;
        HttpRequest.Builder request = HttpRequest.newBuilder(url).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-");
        }
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        try (InputStream in = response.body()) {
            if (status == 416 && have > 0) {
                LOG.info("{}: the partial file is already complete", part);
            } else if (status == 200 || status == 206) {
                boolean resume = status == 206;
                if (have > 0 && !resume) {
                    LOG.info("{} ignored the range request; starting over", url);
                }
                long start = resume ? have : 0;
                long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                long total = length < 0 ? -1 : start + length;
                copy(in, part, resume, start, total, progress);
            } else {
                throw new IOException("downloading " + url + ": HTTP " + status);
            }
        }
        try {
            check(part, target, expectedSha256);
        } catch (InvalidDataException e) {
            Files.delete(part);
            throw e;
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    private static void copy(InputStream in, Path part, boolean append, long start, long total, Progress progress)
            throws IOException {
        StandardOpenOption mode = append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING;
        try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode)) {
            byte[] buf = new byte[BUFFER];
            long done = start;
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                done += n;
                progress.update(done, total);
            }
        }
    }

    private static void check(Path file, Path named, String expected) throws IOException {
        if (expected == null) {
            LOG.warn("{}: no published SHA-256 to check against", named);
            return;
        }
        String actual = sha256(file);
        if (!actual.startsWith(expected.toLowerCase(Locale.ROOT))) {
            throw new InvalidDataException(named, "SHA-256 is " + actual + ", expected "
                    + (expected.length() < 64 ? "one starting with " : "") + expected);
        }
    }

    static String sha256(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[BUFFER];
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
