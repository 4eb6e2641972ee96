package org.vocvision.serve;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small {@code multipart/form-data} parser (RFC 7578) over a body already read into memory (its size
 * is bounded before parsing). Each part's headers are read for its name, file name and type; the file
 * name is kept only as text, never used as a path.
 */
final class Multipart {

    private static final Pattern BOUNDARY = Pattern.compile("boundary=(?:\"([^\"]+)\"|([^;\\s]+))", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("[; ]name=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final int MAX_PARTS = 32;

    private Multipart() {}

    /** One part: its form field name, file name (null for plain fields), Content-Type (null if absent) and bytes. */
    record Part(String name, String filename, String contentType, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8).trim();
        }
    }

    /** The boundary of a {@code multipart/form-data} Content-Type, or null when it is another type. */
    static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return null;
        }
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            throw new HttpError(400, "multipart/form-data without a boundary parameter");
        }
        String b = m.group(1) != null ? m.group(1) : m.group(2);
        if (b.isEmpty() || b.length() > 70) {
            throw new HttpError(400, "a multipart boundary has 1 to 70 characters (RFC 2046), got " + b.length());
        }
        return b;
    }

    /** The parts of {@code body}, delimited by {@code --boundary} lines, up to the closing {@code --boundary--}. */
    static List<Part> parse(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] between = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int start = indexOf(body, delimiter, 0);
        if (start < 0) {
            throw new HttpError(400, "multipart body has no boundary line");
        }
        List<Part> parts = new ArrayList<>();
        int pos = start + delimiter.length;
        while (true) {
            if (pos + 2 <= body.length && body[pos] == '-' && body[pos + 1] == '-') {
                return parts; // the closing delimiter
            }
            pos = skipLineEnd(body, pos);
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), pos);
            if (headersEnd < 0) {
                throw new HttpError(400, "multipart part without the blank line that ends its headers");
            }
            String headers = new String(body, pos, headersEnd - pos, StandardCharsets.UTF_8);
            int contentStart = headersEnd + 4;
            int contentEnd = indexOf(body, between, contentStart);
            if (contentEnd < 0) {
                throw new HttpError(400, "multipart body ends without its closing boundary");
            }
            if (parts.size() == MAX_PARTS) {
                throw new HttpError(400, "more than " + MAX_PARTS + " multipart parts");
            }
            byte[] content = java.util.Arrays.copyOfRange(body, contentStart, contentEnd);
            parts.add(part(headers, content));
            pos = contentEnd + between.length;
        }
    }

    private static Part part(String headers, byte[] content) {
        String disposition = null;
        String type = null;
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (key.equals("content-disposition")) {
                disposition = value;
            } else if (key.equals("content-type")) {
                type = value;
            }
        }
        if (disposition == null || !disposition.toLowerCase(Locale.ROOT).startsWith("form-data")) {
            throw new HttpError(400, "multipart part without 'Content-Disposition: form-data'");
        }
        Matcher name = NAME.matcher(disposition);
        if (!name.find()) {
            throw new HttpError(400, "multipart part without a field name: " + disposition);
        }
        Matcher file = FILENAME.matcher(disposition);
        return new Part(name.group(1), file.find() ? file.group(1) : null, type, content);
    }

    private static int skipLineEnd(byte[] body, int pos) {
        // transport padding (spaces, tabs) may follow a delimiter before its CRLF (RFC 2046)
        while (pos < body.length && (body[pos] == ' ' || body[pos] == '\t')) {
            pos++;
        }
        if (pos + 1 < body.length && body[pos] == '\r' && body[pos + 1] == '\n') {
            return pos + 2;
        }
        throw new HttpError(400, "multipart boundary line not ended by CRLF");
    }

    /** First index of {@code pattern} in {@code data} at or after {@code from}; -1 if absent. */
    static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
