package org.vocvision.model;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vocvision.data.InvalidDataException;

/**
 * Float32 arrays in NumPy's {@code .npy} format (numpy/lib/format.py, versions 1-3): the magic
 * {@code \x93NUMPY}, a version, a little-endian header length, a Python-dict header with
 * {@code descr}, {@code fortran_order} and {@code shape}, then the data in C order.
 */
public final class FloatNpy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** A C-order float32 array. */
    public record Array(long[] shape, float[] data) {
        public Array {
            if (Arrays.stream(shape).reduce(1, (a, b) -> a * b) != data.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + data.length
                        + " values");
            }
        }
    }

    private FloatNpy() {}

    public static Array read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new InvalidDataException(file, "not a .npy file (no \\x93NUMPY magic)");
        }
        int major = bytes[6];
        int headerLen;
        int offset;
        if (major == 1) {
            headerLen = b.getShort(8) & 0xffff;
            offset = 10;
        } else if (major == 2 || major == 3) {
            headerLen = b.getInt(8);
            offset = 12;
        } else {
            throw new InvalidDataException(file, ".npy version " + major + " is not supported");
        }
        if (offset + headerLen > bytes.length) {
            throw new InvalidDataException(file, ".npy header runs past the end of the file");
        }
        String header = new String(bytes, offset, headerLen, StandardCharsets.ISO_8859_1);
        String descr = find(DESCR, header, file, "descr");
        if (!descr.equals("<f4") && !descr.equals("=f4")) {
            throw new InvalidDataException(file, "dtype is " + descr + "; a float32 ('<f4') array is needed"
                    + " (numpy: x.astype(np.float32))");
        }
        if (find(FORTRAN, header, file, "fortran_order").equals("True")) {
            throw new InvalidDataException(file, "Fortran-order arrays are not supported; save np.ascontiguousarray(x)");
        }
        String dims = find(SHAPE, header, file, "shape").trim();
        long[] shape = dims.isEmpty() ? new long[0]
                : Arrays.stream(dims.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong)
                        .toArray();
        long count = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        int start = offset + headerLen;
        if (bytes.length - start != count * 4) {
            throw new InvalidDataException(file, "shape " + Arrays.toString(shape) + " needs " + count * 4
                    + " data bytes, the file has " + (bytes.length - start));
        }
        float[] data = new float[(int) count];
        b.position(start);
        b.asFloatBuffer().get(data);
        return new Array(shape, data);
    }

    private static String find(Pattern p, String header, Path file, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new InvalidDataException(file, ".npy header has no '" + key + "': " + header.trim());
        }
        return m.group(1);
    }

    /** Writes version 1.0, '<f4', C order; the header is padded so the data starts at a multiple of 64. */
    public static void write(Array array, Path file) throws IOException {
        StringBuilder dims = new StringBuilder();
        for (long d : array.shape()) {
            dims.append(d).append(", ");
        }
        String shape = array.shape().length == 1 ? dims.substring(0, dims.length() - 1)
                : dims.length() == 0 ? "" : dims.substring(0, dims.length() - 2);
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + shape + "), }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer head = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        head.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        ByteBuffer data = ByteBuffer.allocate(array.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(array.data());
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(head.array());
            out.write(header.getBytes(StandardCharsets.ISO_8859_1));
            out.write(data.array());
        }
    }
}
