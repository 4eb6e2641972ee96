package org.vocvision.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each uncompressed (STORED) entry's bytes begin in a zip file, from its central directory and local
 * headers (PKWARE APPNOTE 4.3.7, 4.3.12, 4.3.16). {@link java.util.zip.ZipFile} does not say, and reading
 * through its streams costs a copy of every byte more; with the offset a storage is read straight into the
 * buffer that becomes its tensor, as torch itself does. Only used after {@code ZipFile} has accepted the
 * archive; anything unusual (zip64, a comment hiding the end record) gives an empty map and the caller
 * falls back to {@code ZipFile}'s streams.
 */
final class StoredZipEntries {

    private static final int EOCD = 0x06054b50;
    private static final int CEN = 0x02014b50;
    private static final int LOC = 0x04034b50;

    private StoredZipEntries() {}

    /** Entry name to the file offset of its data, for STORED entries only; empty when not simple to find. */
    static Map<String, Long> dataOffsets(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 22) {
            return Map.of();
        }
        ByteBuffer end = read(ch, size - 22, 22);
        if (end.getInt(0) != EOCD) {
            return Map.of(); // a trailing comment or zip64: let ZipFile's streams do it
        }
        long cenSize = end.getInt(12) & 0xffffffffL;
        long cenOffset = end.getInt(16) & 0xffffffffL;
        if (cenSize == 0xffffffffL || cenOffset == 0xffffffffL || cenOffset + cenSize > size - 22
                || cenSize > Integer.MAX_VALUE) {
            return Map.of();
        }
        ByteBuffer cen = read(ch, cenOffset, (int) cenSize);
        Map<String, Long> out = new HashMap<>();
        int at = 0;
        while (at + 46 <= cen.limit() && cen.getInt(at) == CEN) {
            int method = cen.getShort(at + 10) & 0xffff;
            long csize = cen.getInt(at + 20) & 0xffffffffL;
            int nameLen = cen.getShort(at + 28) & 0xffff;
            int extraLen = cen.getShort(at + 30) & 0xffff;
            int commentLen = cen.getShort(at + 32) & 0xffff;
            long local = cen.getInt(at + 42) & 0xffffffffL;
            if (at + 46 + nameLen > cen.limit()) {
                return Map.of();
            }
            byte[] name = new byte[nameLen];
            cen.get(at + 46, name);
            if (method == 0 && csize != 0xffffffffL && local != 0xffffffffL && local + 30 <= size) {
                ByteBuffer loc = read(ch, local, 30);
                if (loc.getInt(0) != LOC) {
                    return Map.of();
                }
                long data = local + 30 + (loc.getShort(26) & 0xffff) + (loc.getShort(28) & 0xffff);
                if (data + csize <= size) {
                    out.put(new String(name, StandardCharsets.UTF_8), data);
                }
            }
            at += 46 + nameLen + extraLen + commentLen;
        }
        return out;
    }

    private static ByteBuffer read(FileChannel ch, long position, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining() && ch.read(b, position + b.position()) >= 0) {
            // positional reads may return early
        }
        return b.flip();
    }
}
