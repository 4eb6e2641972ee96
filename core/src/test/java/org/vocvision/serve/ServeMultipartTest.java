package org.vocvision.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The multipart/form-data parser on hand-written bodies (RFC 7578's shape, as browsers send it). */
class ServeMultipartTest {

    private static byte[] body(String boundary, byte[] image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"method\"\r\n\r\npgd\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"../../etc/a.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(image);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void partsWithBinaryContentThatLooksLikeABoundary() {
        // the content holds CR, LF, dashes and the boundary text without its leading CRLF: all kept
        byte[] image = "\r\n-\u0000--abc\r\nx--abc".getBytes(StandardCharsets.ISO_8859_1);
        String boundary = Multipart.boundary("multipart/form-data; boundary=abc");
        List<Multipart.Part> parts = Multipart.parse(body(boundary, image), boundary);
        assertEquals(2, parts.size());
        assertEquals("method", parts.get(0).name());
        assertEquals("pgd", parts.get(0).text());
        assertNull(parts.get(0).filename());
        assertEquals("image", parts.get(1).name());
        assertEquals("../../etc/a.png", parts.get(1).filename(), "kept as text only, never opened");
        assertEquals("image/png", parts.get(1).contentType());
        assertArrayEquals(image, parts.get(1).body());
    }

    @Test
    void quotedBoundaryAndOtherTypes() {
        assertEquals("a b", Multipart.boundary("multipart/form-data; boundary=\"a b\""));
        assertNull(Multipart.boundary("image/png"));
        assertNull(Multipart.boundary(null));
        assertEquals(400, assertThrows(HttpError.class, () -> Multipart.boundary("multipart/form-data")).status());
    }

    @Test
    void malformedBodiesAre400() {
        for (String bad : List.of("", "no boundary here", "--abc\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nunterminated",
                "--abc\r\nX-Other: 1\r\n\r\nv\r\n--abc--", "--abc\r\nContent-Disposition: form-data\r\n\r\nv\r\n--abc--",
                "--abcjunk")) {
            HttpError e = assertThrows(HttpError.class, () -> Multipart.parse(bad.getBytes(StandardCharsets.UTF_8), "abc"), bad);
            assertEquals(400, e.status(), bad);
        }
    }
}
