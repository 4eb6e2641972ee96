package org.vocvision.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vocvision.attack.Norm;
import org.vocvision.data.ImageBytes;
import org.vocvision.data.RgbImage;
import org.vocvision.data.VocClasses;

/**
 * {@code vocvision serve}'s web server: the page (three files from the jar, held in memory) and the JSON API
 * on the JDK's {@code com.sun.net.httpserver} (no dependency). Requests are handled on a small pool of
 * threads; model calls queue on {@link ServedModels}'s lock. Every failure of a request becomes a JSON
 * {@code {"error": ...}} answer with its status; nothing a request sends becomes a file path.
 */
public final class VisionServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VisionServer.class);
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    /** The page's files, by URL path: a fixed list, so no request path reaches the filesystem or the class path. */
    private static final Map<String, String[]> PAGE = Map.of(
            "/", new String[] {"index.html", "text/html; charset=utf-8"},
            "/index.html", new String[] {"index.html", "text/html; charset=utf-8"},
            "/serve.css", new String[] {"serve.css", "text/css; charset=utf-8"},
            "/serve.js", new String[] {"serve.js", "text/javascript; charset=utf-8"});
    /** The page runs only its own script and shows data: URLs; nothing is fetched from elsewhere. */
    /** The most of a refused upload read before answering; a larger one is cut off by closing the connection. */
    private static final long SWALLOW_BYTES = 8L << 20;
    private static final String CSP = "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'";

    private final HttpServer server;
    private final ExecutorService pool;
    private final ServedModels models;
    private final Limits limits;
    private final Map<String, byte[]> files;

    private VisionServer(HttpServer server, ExecutorService pool, ServedModels models, Limits limits,
            Map<String, byte[]> files) {
        this.server = server;
        this.pool = pool;
        this.models = models;
        this.limits = limits;
        this.files = files;
    }

    /**
     * Starts serving {@code models} on {@code host:port} (port 0: a free one) with {@code threads} request
     * threads. The server owns {@code models} from here on and closes them in {@link #close()}.
     */
    public static VisionServer start(ServedModels models, String host, int port, int threads, Limits limits)
            throws IOException {
        ImageIO.setUseCache(false); // ImageIO's default stream cache is a temporary file
        // a client that trickles its request (slowloris) loses the connection after 60 s; read by the JDK server's
        // configuration when its first server is made, so set before HttpServer.create, and only if not given
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", "60");
        }
        Map<String, byte[]> files = new java.util.HashMap<>();
        for (String[] f : PAGE.values()) {
            files.put(f[0], resource(f[0]));
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 64);
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "serve-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        VisionServer vs = new VisionServer(server, pool, models, limits, files);
        server.createContext("/", vs::handle);
        server.start();
        return vs;
    }

    private static byte[] resource(String name) {
        try (InputStream in = VisionServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the page's " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bound port (the free one chosen for port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The page's URL. */
    public String url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/";
    }

    private void handle(HttpExchange exchange) {
        long start = System.nanoTime();
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        int status;
        try {
            status = route(exchange, path, method);
        } catch (HttpError e) {
            status = error(exchange, e.status(), e.getMessage());
        } catch (ImageBytes.RejectedImageException e) {
            status = error(exchange, switch (e.problem()) {
                case NOT_AN_IMAGE -> 415;
                case TOO_MANY_PIXELS, CORRUPT -> 422;
            }, e.getMessage());
        } catch (IllegalArgumentException e) {
            status = error(exchange, 400, e.getMessage());
        } catch (IOException e) {
            LOG.debug("{} {}: connection failed: {}", method, path, e.toString());
            status = -1;
        } catch (RuntimeException | OutOfMemoryError e) {
            // a bug or an engine failure: the request fails, the server carries on
            LOG.error("{} {} failed", method, path, e);
            status = error(exchange, 500, "internal error: " + e);
        } finally {
            exchange.close();
        }
        LOG.info("{} {} -> {} in {} ms", method, path, status, (System.nanoTime() - start) / 1_000_000);
    }

    private int route(HttpExchange exchange, String path, String method) throws IOException {
        if (path.startsWith("/api/")) {
            return switch (path) {
                case "/api/model" -> {
                    allow(method, "GET");
                    yield json(exchange, 200, models.describe());
                }
                case "/api/predict" -> {
                    allow(method, "POST");
                    ApiRequest request = ApiRequest.read(exchange, limits.maxUploadBytes());
                    RgbImage image = ImageBytes.decode(request.image(), limits.maxPixels());
                    long t = System.nanoTime();
                    ServedModels.Prediction p = models.predict(image);
                    Map<String, Object> out = new LinkedHashMap<>(); // JSON null where a model is absent
                    out.put("width", image.width());
                    out.put("height", image.height());
                    out.put("classes", VocClasses.NAMES);
                    out.put("probabilities", p.probabilities());
                    out.put("thresholds", p.thresholds());
                    out.put("labels", p.labels());
                    out.put("mask", p.mask());
                    out.put("millis", (System.nanoTime() - t) / 1_000_000);
                    yield json(exchange, 200, out);
                }
                case "/api/attack" -> {
                    allow(method, "POST");
                    ApiRequest request = ApiRequest.read(exchange, limits.maxUploadBytes());
                    RgbImage image = ImageBytes.decode(request.image(), limits.maxPixels());
                    double eps = request.number("eps", 8 / 255.0);
                    if (eps < 0 || eps > 1) {
                        throw new HttpError(400, "'eps' is in pixel units, 0 to 1 (8/255 = 0.0314), got " + eps);
                    }
                    double steps = request.number("steps", 0);
                    if (steps < 0 || steps > limits.maxSteps() || steps != Math.rint(steps)) {
                        throw new HttpError(400, "'steps' must be a whole number from 0 (the default, 10) to "
                                + limits.maxSteps() + ", got " + request.text("steps", ""));
                    }
                    yield json(exchange, 200, models.attack(image, request.text("method", "pgd"),
                            Norm.named(request.text("norm", "linf")), eps, (int) steps, request.text("model", null),
                            request.text("target", null)));
                }
                default -> throw new HttpError(404, "no API " + path + "; there are GET /api/model, POST /api/predict"
                        + " and POST /api/attack");
            };
        }
        String[] file = PAGE.get(path);
        if (file == null) {
            throw new HttpError(404, "not found: " + path);
        }
        allow(method, "GET");
        byte[] body = files.get(file[0]);
        exchange.getResponseHeaders().set("Content-Type", file[1]);
        exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
        return send(exchange, 200, body);
    }

    private static void allow(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new HttpError(405, method + " is not allowed here; use " + allowed);
        }
    }

    private static int json(HttpExchange exchange, int status, Object value) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        return send(exchange, status, JSON.writeValueAsBytes(value));
    }

    private static int error(HttpExchange exchange, int status, String message) {
        try {
            swallowRequestBody(exchange);
            return json(exchange, status, Map.of("error", message == null ? "error" : message, "status", status));
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not send the {} answer: {}", status, e.toString());
            return status;
        }
    }

    /**
     * Reads and drops what is left of a refused request's body (up to {@link #SWALLOW_BYTES}), as Tomcat's
     * maxSwallowSize does: the JDK server closes a connection with more than 64 KiB unread, and a client
     * still sending then gets a reset instead of the error answer.
     */
    private static void swallowRequestBody(HttpExchange exchange) {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        boolean chunked = "chunked".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Transfer-Encoding"));
        if (!chunked && (length == null || length.trim().equals("0"))) {
            return;
        }
        byte[] buffer = new byte[64 * 1024];
        long left = SWALLOW_BYTES;
        try {
            InputStream in = exchange.getRequestBody();
            int n;
            while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException e) {
            LOG.debug("could not read the rest of a refused request: {}", e.toString());
        }
    }

    private static int send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        return status;
    }

    /** Stops accepting, lets running requests finish (up to 2 s), then frees the models. */
    @Override
    public void close() {
        server.stop(2);
        pool.shutdown();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("requests still running after 30 s; freeing the models anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        models.close();
    }
}
