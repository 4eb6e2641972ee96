package org.vocvision.serve;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A POST to the API, read into memory within the upload limit: the image bytes (multipart field
 * {@code image}, or the raw body) and the form fields (multipart fields, else the query string).
 */
record ApiRequest(byte[] image, Map<String, String> fields) {

    /** Reads {@code exchange}'s body: 413 over {@code maxBytes}, 400 for a malformed body, 415 for no image at all. */
    static ApiRequest read(HttpExchange exchange, long maxBytes) throws IOException {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                throw new HttpError(400, "bad Content-Length '" + length + "'");
            }
            if (declared > maxBytes) {
                throw new HttpError(413, tooLarge(declared, maxBytes));
            }
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        }
        if (body.length > maxBytes) {
            throw new HttpError(413, tooLarge(-1, maxBytes)); // chunked uploads have no Content-Length
        }
        Map<String, String> fields = query(exchange.getRequestURI().getRawQuery());
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        String boundary = Multipart.boundary(type);
        if (boundary == null) {
            if (body.length == 0) {
                throw new HttpError(400, "empty body: send the image as the raw body or as the multipart field 'image'");
            }
            return new ApiRequest(body, fields);
        }
        byte[] image = null;
        for (Multipart.Part part : Multipart.parse(body, boundary)) {
            if (part.name().equals("image")) {
                image = part.body();
            } else {
                fields.put(part.name(), part.text());
            }
        }
        if (image == null || image.length == 0) {
            throw new HttpError(400, "the multipart body has no (or an empty) field 'image'");
        }
        return new ApiRequest(image, fields);
    }

    private static String tooLarge(long bytes, long maxBytes) {
        return (bytes < 0 ? "upload" : "upload of " + bytes + " bytes") + " is over the limit of " + maxBytes
                + " bytes (" + String.format(Locale.ROOT, "%.1f", maxBytes / 1048576.0) + " MB; serve --max-upload-mb)";
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                out.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new HttpError(400, "bad query string: " + e.getMessage());
            }
        }
        return out;
    }

    /** A text field, or {@code fallback} when absent or blank. */
    String text(String name, String fallback) {
        String v = fields.get(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    /** A number field, or {@code fallback}; 400 naming the field when it is not a finite number. */
    double number(String name, double fallback) {
        String v = fields.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new HttpError(400, "field '" + name + "' must be a number, got '" + v + "'");
        }
    }
}
