package org.vocvision.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy's {@code .npy} format, versions 1.0 and 2.0 (numpy/lib/format.py), for one-byte element types
 * in C order: what the competition's {@code train_{Id}.npy} images and masks are.
 *
 * <p>Writing reproduces {@code numpy.save} (numpy 1.24) byte for byte for uint8 arrays: a version 1.0
 * header with 21 - len(repr(shape[0])) spaces of growth room, padded with spaces to a 64-byte boundary
 * and ended by a newline.
 */
public final class NpyFormat {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy's ARRAY_ALIGN: the data starts on a 64-byte boundary. */
    private static final int ARRAY_ALIGN = 64;
    /** numpy's GROWTH_AXIS_MAX_DIGITS: header room so the first axis can grow in place. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final Set<String> ONE_BYTE_TYPES = Set.of("|u1", "|i1", "|b1");
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyFormat() {}

    /** Reads a uint8 (H, W, 3) RGB image. */
    public static RgbImage readImage(Path file) {
        NpyArray a = read(file);
        requireUint8(file, a);
        if (a.shape().length != 3 || a.shape()[2] != 3 || a.shape()[0] == 0 || a.shape()[1] == 0) {
            throw new InvalidDataException(file, "expected an RGB image of shape (H, W, 3), got shape " + a.shapeText());
        }
        return new RgbImage(a.shape()[0], a.shape()[1], a.data());
    }

    /** Reads a uint8 (H, W) mask; its values are not checked here (see {@link Mask#firstInvalidValue()}). */
    public static Mask readMask(Path file) {
        NpyArray a = read(file);
        requireUint8(file, a);
        if (a.shape().length != 2 || a.shape()[0] == 0 || a.shape()[1] == 0) {
            throw new InvalidDataException(file, "expected a mask of shape (H, W), got shape " + a.shapeText());
        }
        return new Mask(a.shape()[0], a.shape()[1], a.data());
    }

    /** Reads any C-order array of {@code |u1}, {@code |i1} or {@code |b1} elements. */
    public static NpyArray read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file);
        } catch (IOException e) {
            throw new InvalidDataException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Reads a {@code .npy} array from a stream; {@code file} only names it in messages. */
    static NpyArray read(InputStream in, Path file) throws IOException {
        byte[] prefix = in.readNBytes(8);
        if (prefix.length < 8 || !startsWithMagic(prefix)) {
            throw new InvalidDataException(file, "not a .npy file (missing the \\x93NUMPY magic string)");
        }
        int major = prefix[6] & 0xFF;
        int headerLength;
        if (major == 1) {
            byte[] len = in.readNBytes(2);
            if (len.length < 2) {
                throw new InvalidDataException(file, "truncated .npy header");
            }
            headerLength = (len[0] & 0xFF) | (len[1] & 0xFF) << 8;
        } else if (major == 2 || major == 3) {
            byte[] len = in.readNBytes(4);
            if (len.length < 4) {
                throw new InvalidDataException(file, "truncated .npy header");
            }
            long l = (len[0] & 0xFFL) | (len[1] & 0xFFL) << 8 | (len[2] & 0xFFL) << 16 | (len[3] & 0xFFL) << 24;
            if (l > 1 << 20) {
                throw new InvalidDataException(file, "implausible .npy header length " + l);
            }
            headerLength = (int) l;
        } else {
            throw new InvalidDataException(file, "unsupported .npy format version " + major + "." + (prefix[7] & 0xFF));
        }
        byte[] headerBytes = in.readNBytes(headerLength);
        if (headerBytes.length < headerLength) {
            throw new InvalidDataException(file, "truncated .npy header");
        }
        // version 3.0 only differs by allowing utf-8 in the header
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String dtype = field(file, DESCR, header, "descr");
        if (!ONE_BYTE_TYPES.contains(dtype)) {
            throw new InvalidDataException(file, "unsupported dtype '" + dtype + "'; expected '|u1' (uint8)");
        }
        if (field(file, FORTRAN, header, "fortran_order").equals("True")) {
            throw new InvalidDataException(file, "array is stored in Fortran order; only C order is supported"
                    + " (save it with numpy.ascontiguousarray)");
        }
        int[] shape = parseShape(file, field(file, SHAPE, header, "shape"));
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        if (count > Integer.MAX_VALUE - 16) {
            throw new InvalidDataException(file, "array of shape " + shapeText(shape) + " is too large");
        }
        byte[] data = in.readNBytes((int) count);
        if (data.length < count) {
            throw new InvalidDataException(file, "truncated data: shape " + shapeText(shape) + " needs "
                    + count + " bytes, file has " + data.length);
        }
        return new NpyArray(dtype, shape, data);
    }

    /** Writes {@code data} as a uint8 array of {@code shape}, exactly as {@code numpy.save} does. */
    public static void writeUint8(Path file, int[] shape, byte[] data) {
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        if (count != data.length) {
            throw new IllegalArgumentException("shape " + shapeText(shape) + " needs " + count
                    + " bytes, got " + data.length);
        }
        StringBuilder header = new StringBuilder("{'descr': '|u1', 'fortran_order': False, 'shape': ")
                .append(shapeText(shape)).append(", }");
        if (shape.length > 0) {
            header.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length()));
        }
        // numpy's _wrap_header: magic (6) + version (2) + length (2) + header + padding + '\n'
        int withNewline = header.length() + 1;
        int padding = ARRAY_ALIGN - ((MAGIC.length + 2 + 2 + withNewline) % ARRAY_ALIGN);
        header.append(" ".repeat(padding)).append('\n');
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.ISO_8859_1);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(MAGIC);
            out.write(new byte[] {1, 0, (byte) headerBytes.length, (byte) (headerBytes.length >> 8)});
            out.write(headerBytes);
            out.write(data);
        } catch (IOException e) {
            throw new InvalidDataException(file, "cannot write: " + e.getMessage(), e);
        }
    }

    /** Writes an (H, W, 3) uint8 image. */
    public static void writeImage(Path file, RgbImage image) {
        writeUint8(file, new int[] {image.height(), image.width(), 3}, image.pixels());
    }

    /** Writes an (H, W) uint8 mask. */
    public static void writeMask(Path file, Mask mask) {
        writeUint8(file, new int[] {mask.height(), mask.width()}, mask.values());
    }

    static String shapeText(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return s.append(')').toString();
    }

    private static void requireUint8(Path file, NpyArray a) {
        if (!a.dtype().equals("|u1")) {
            throw new InvalidDataException(file, "dtype '" + a.dtype() + "' found; images and masks must be '|u1' (uint8)");
        }
    }

    private static boolean startsWithMagic(byte[] prefix) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (prefix[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static String field(Path file, Pattern pattern, String header, String name) {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw new InvalidDataException(file, "malformed .npy header, no '" + name + "' entry: " + header.strip());
        }
        return m.group(1);
    }

    private static int[] parseShape(Path file, String text) {
        List<Integer> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.strip();
            if (p.isEmpty()) {
                continue;
            }
            try {
                dims.add(Integer.parseInt(p.endsWith("L") ? p.substring(0, p.length() - 1) : p));
            } catch (NumberFormatException e) {
                throw new InvalidDataException(file, "malformed .npy shape (" + text + ")");
            }
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }
}
