package org.vocvision.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vocvision.data.InvalidDataException;

/**
 * The {@code .safetensors} format (huggingface/safetensors README): an 8-byte little-endian header
 * length, a JSON header {@code {name: {dtype, shape, data_offsets}}}, then the raw little-endian data.
 * Reading converts F32, F16, BF16, F64 and I64 (batch norm's {@code num_batches_tracked}) to float32;
 * writing goes through DJL's own encoder.
 */
public final class SafeTensors {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The format caps the header at 100 MB. */
    private static final long MAX_HEADER = 100_000_000L;

    private SafeTensors() {}

    /** Reads every tensor as float32, in file order; names are the file's keys. */
    public static Map<String, NDArray> read(NDManager manager, Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new InvalidDataException(file, "not a safetensors file: " + size + " bytes");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > size) {
                throw new InvalidDataException(file, "not a safetensors file: header length " + headerLen
                        + " in a file of " + size + " bytes");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
            ch.read(headerBuf, 8);
            JsonNode header;
            try {
                header = JSON.readTree(new String(headerBuf.array(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new InvalidDataException(file, "safetensors header is not JSON: " + e.getMessage(), e);
            }
            long dataStart = 8 + headerLen;
            ByteBuffer data = ch.map(FileChannel.MapMode.READ_ONLY, dataStart, size - dataStart)
                    .order(ByteOrder.LITTLE_ENDIAN);
            Map<String, NDArray> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("__metadata__")) {
                    continue;
                }
                out.put(e.getKey(), tensor(manager, file, e.getKey(), e.getValue(), data));
            }
            return out;
        }
    }

    private static NDArray tensor(NDManager manager, Path file, String name, JsonNode info, ByteBuffer data) {
        String dtype = info.path("dtype").asText();
        JsonNode shapeNode = info.path("shape");
        long[] dims = new long[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shapeNode.get(i).asLong();
            count *= dims[i];
        }
        long begin = info.path("data_offsets").path(0).asLong(-1);
        long end = info.path("data_offsets").path(1).asLong(-1);
        int width = switch (dtype) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            case "F64", "I64" -> 8;
            default -> throw new InvalidDataException(file, "tensor " + name + " has dtype " + dtype
                    + "; only F32, F16, BF16, F64 and I64 tensors are read");
        };
        if (begin < 0 || end > data.capacity() || end - begin != count * width) {
            throw new InvalidDataException(file, "tensor " + name + ": data_offsets [" + begin + ", " + end
                    + "] do not hold " + count + " " + dtype + " values inside the " + data.capacity() + "-byte data");
        }
        float[] values = new float[(int) count];
        int at = (int) begin;
        for (int i = 0; i < values.length; i++, at += width) {
            values[i] = switch (dtype) {
                case "F32" -> data.getFloat(at);
                case "F16" -> halfToFloat(data.getShort(at));
                case "BF16" -> Float.intBitsToFloat((data.getShort(at) & 0xffff) << 16);
                case "I64" -> (float) data.getLong(at);
                default -> (float) data.getDouble(at);
            };
        }
        NDArray a = manager.create(values, new Shape(dims));
        a.setName(name);
        return a;
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float sub = mant * 0x1p-24f;
            return sign == 0 ? sub : -sub;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** Writes named arrays (each array's name is its key) through a temporary file renamed into place. */
    public static void write(Map<String, NDArray> tensors, Path out) throws IOException {
        NDList list = new NDList(tensors.size());
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            NDArray a = e.getValue().duplicate();
            a.setName(e.getKey());
            list.add(a);
        }
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        try (OutputStream os = Files.newOutputStream(tmp)) {
            list.encode(os, NDList.Encoding.SAFETENSORS);
        } finally {
            list.close();
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
