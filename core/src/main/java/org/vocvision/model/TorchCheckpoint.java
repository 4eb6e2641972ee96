package org.vocvision.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vocvision.data.InvalidDataException;
import org.vocvision.model.PickleReader.Global;
import org.vocvision.model.PickleReader.Tuple;

/**
 * Reads the state_dict out of a {@code torch.save} file, in either of its two formats
 * ({@code torch/serialization.py}):
 * <ul>
 *   <li>zip (PyTorch >= 1.6): {@code <prefix>/data.pkl} holds the object, whose tensors refer to their
 *       storages by key; each storage's raw little-endian bytes are the entry {@code <prefix>/data/<key>};</li>
 *   <li>legacy (PyTorch 0.4-1.5, and {@code _use_new_zipfile_serialization=False}): five pickles in a row -
 *       a magic number, the protocol version, sys info, the object, the list of storage keys - then each
 *       storage in that order as an int64 element count and its raw bytes.</li>
 * </ul>
 * Tensors come back contiguous, one fresh array each (views and shared storages are copied out), in
 * their own dtype: float32/16/64, int64/32, int8, uint8, bool; bfloat16 and int16 are widened exactly to
 * float32 and int32, which the engine handles everywhere. The object may be a bare state_dict or one
 * nested under {@code state_dict}, {@code model}, {@code model_state} or {@code net}; DataParallel's
 * {@code module.} prefix is stripped.
 */
final class TorchCheckpoint {

    private static final Logger LOG = LoggerFactory.getLogger(TorchCheckpoint.class);
    /** The keys under which training scripts commonly nest the state_dict (timm, torchvision references, ...). */
    static final List<String> NESTED = List.of("state_dict", "model", "model_state", "net");
    /** {@code MAGIC_NUMBER} and {@code PROTOCOL_VERSION} of torch/serialization.py's legacy format. */
    private static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final long PROTOCOL = 1001;
    /**
     * torch writes zip entries uncompressed, so the entries together never hold more than the file; a
     * re-zipped checkpoint of float data deflates little. More than this factor is a zip bomb's shape.
     */
    private static final long MAX_EXPANSION = 4;
    /**
     * Stride-0 views (an {@code expand()}ed tensor) copy out larger than their storage; beyond this slack
     * over {@link #MAX_EXPANSION} times the file, a small file could demand gigabytes.
     */
    private static final long EXPANSION_SLACK = 64L << 20;

    private static final Global ORDERED_DICT = new Global("collections", "OrderedDict");
    private static final Global REBUILD_V2 = new Global("torch._utils", "_rebuild_tensor_v2");
    private static final Global REBUILD = new Global("torch._utils", "_rebuild_tensor");
    private static final Global REBUILD_PARAMETER = new Global("torch._utils", "_rebuild_parameter");

    /** torch's storage classes and how their elements come back. */
    enum Element {
        FLOAT32("FloatStorage", 4, DataType.FLOAT32),
        FLOAT64("DoubleStorage", 8, DataType.FLOAT64),
        FLOAT16("HalfStorage", 2, DataType.FLOAT16),
        BFLOAT16("BFloat16Storage", 2, DataType.FLOAT32),
        INT64("LongStorage", 8, DataType.INT64),
        INT32("IntStorage", 4, DataType.INT32),
        INT16("ShortStorage", 2, DataType.INT32),
        INT8("CharStorage", 1, DataType.INT8),
        UINT8("ByteStorage", 1, DataType.UINT8),
        BOOL("BoolStorage", 1, DataType.BOOLEAN);

        final Global global;
        final int width;
        /** The array's type: the file's, or the exact widening of one the engine handles poorly. */
        final DataType type;

        Element(String storage, int width, DataType type) {
            this.global = new Global("torch", storage);
            this.width = width;
            this.type = type;
        }

        static Element of(Global g) {
            for (Element e : values()) {
                if (e.global.equals(g)) {
                    return e;
                }
            }
            return null;
        }
    }

    /** One storage of the file: shared by every tensor (view) built on it; its bytes are attached later. */
    static final class Storage {
        final String key;
        final Element element;
        final long numel;
        /** The bytes, once loaded; null while only {@link #position} is known. */
        ByteBuffer data;
        /** Where the raw bytes start in the file, when they can be read from there; else -1. */
        long position = -1;
        /** The zip entry holding the bytes (for its CRC-32), or null in the legacy format. */
        ZipEntry entry;
        int uses;

        Storage(String key, Element element, long numel) {
            this.key = key;
            this.element = element;
            this.numel = numel;
        }
    }

    /** A legacy-format storage view: a window of a root storage, {@code offset} elements in. */
    record StorageView(Storage root, long offset) {}

    /** A tensor as the pickle describes it: {@code storage[offset:]} seen through sizes and strides. */
    record TensorRef(Storage storage, long offset, long[] size, long[] stride) {}

    private TorchCheckpoint() {}

    /** Whether the file starts like a torch.save file of either format. */
    static boolean isZip(byte[] head) {
        return head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    }

    /** The legacy format's first pickle: PROTO 2, LONG1 (the magic number). */
    static boolean isLegacy(byte[] head) {
        return head.length >= 3 && (head[0] & 0xff) == 0x80 && head[1] == 2 && (head[2] & 0xff) == 0x8a;
    }

    /** Reads the checkpoint's state_dict: names as in the file (less {@code module.}), in file order. */
    static Map<String, NDArray> read(NDManager manager, Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4);
        }
        if (isZip(head)) {
            return readZip(manager, file);
        }
        if (isLegacy(head)) {
            return readLegacy(manager, file);
        }
        throw new InvalidDataException(file, "not a torch.save checkpoint: it starts neither with a zip header"
                + " (PyTorch >= 1.6) nor with the legacy format's pickled magic number");
    }

    private static Map<String, NDArray> readZip(NDManager manager, Path file) throws IOException {
        long fileSize = Files.size(file);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String prefix = null;
            long declared = 0;
            for (Enumeration<? extends ZipEntry> it = zip.entries(); it.hasMoreElements(); ) {
                ZipEntry e = it.nextElement();
                declared += Math.max(0, e.getSize());
                if (e.getSize() < 0 || declared > MAX_EXPANSION * fileSize) {
                    throw new InvalidDataException(file, "its zip entries declare " + declared + " bytes or an unknown"
                            + " size, more than " + MAX_EXPANSION + "x the " + fileSize + "-byte file: refusing a possible"
                            + " zip bomb (torch.save stores its entries uncompressed)");
                }
                if (e.getName().equals("data.pkl") || e.getName().endsWith("/data.pkl")) {
                    if (prefix != null) {
                        throw new InvalidDataException(file, "two data.pkl entries in one archive: " + prefix
                                + "data.pkl and " + e.getName());
                    }
                    prefix = e.getName().substring(0, e.getName().length() - "data.pkl".length());
                }
            }
            if (prefix == null) {
                throw new InvalidDataException(file, "a zip archive without data.pkl: not a torch.save checkpoint");
            }
            final String dir = prefix;
            // torch >= 2.1 records the writer's byte order; older archives are little-endian
            if (zip.getEntry(dir + "byteorder") != null) {
                String value = new String(entry(file, zip, dir + "byteorder", -1).array(), StandardCharsets.US_ASCII)
                        .trim();
                if (!value.equals("little")) {
                    throw new InvalidDataException(file, "written with byte order '" + value + "'; only little-endian"
                            + " checkpoints are read");
                }
            }
            Map<String, Storage> storages = new HashMap<>();
            ByteBuffer pickle = entry(file, zip, dir + "data.pkl", -1);
            Object root = new PickleReader(file, pickle, allowed(), new TorchCalls(file, storages, false)).load();
            Map<String, TensorRef> refs = stateDict(file, root);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                Map<String, Long> offsets = StoredZipEntries.dataOffsets(ch);
                for (TensorRef t : refs.values()) {
                    Storage s = t.storage();
                    if (s.data == null && s.entry == null) {
                        String name = dir + "data/" + s.key;
                        Long at = offsets.get(name);
                        s.entry = checkSize(file, zip, name, s.numel * s.element.width);
                        if (at == null) {
                            s.data = entry(file, zip, name, s.numel * s.element.width);
                        } else {
                            s.position = at;
                        }
                    }
                }
                return materialise(manager, file, refs, ch);
            }
        } catch (ZipException e) {
            throw new InvalidDataException(file, "not a readable zip archive (truncated or corrupt): " + e.getMessage(), e);
        }
    }

    private static ZipEntry checkSize(Path file, ZipFile zip, String name, long expected) {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new InvalidDataException(file, "the archive lacks the entry " + name);
        }
        long size = e.getSize();
        if (expected >= 0 && size != expected) {
            throw new InvalidDataException(file, "entry " + name + " holds " + size + " bytes; the pickle describes "
                    + expected);
        }
        if (size > Integer.MAX_VALUE) {
            throw new InvalidDataException(file, "entry " + name + " holds " + size + " bytes; storages above 2 GiB"
                    + " are not read");
        }
        return e;
    }

    /** Fills {@code out} from the file at {@code position}: one copy, by the kernel. */
    private static ByteBuffer readFully(Path file, FileChannel ch, long position, ByteBuffer out, String what)
            throws IOException {
        out.clear();
        while (out.hasRemaining()) {
            if (ch.read(out, position + out.position()) < 0) {
                throw new InvalidDataException(file, what + " ends after " + out.position() + " of its "
                        + out.capacity() + " bytes: truncated");
            }
        }
        return out.flip().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The storage's bytes, read on first use (and CRC-checked when from a zip entry). */
    private static ByteBuffer load(Path file, FileChannel ch, Storage s) throws IOException {
        if (s.data == null) {
            ByteBuffer b = ByteBuffer.allocateDirect(Math.toIntExact(s.numel * s.element.width));
            s.data = readFully(file, ch, s.position, b, "storage " + s.key);
            if (s.entry != null) {
                checkCrc(file, s.entry, s.data);
            }
        }
        return s.data;
    }

    private static void checkCrc(Path file, ZipEntry e, ByteBuffer data) {
        CRC32 crc = new CRC32();
        crc.update(data.duplicate());
        if (e.getCrc() >= 0 && crc.getValue() != e.getCrc()) {
            throw new InvalidDataException(file, "entry " + e.getName() + " fails its CRC-32 check: the file is corrupt");
        }
    }

    /** One entry's bytes through ZipFile's stream, CRC-checked (torch's reader checks it too); {@code expected} < 0: any size. */
    private static ByteBuffer entry(Path file, ZipFile zip, String name, long expected) throws IOException {
        ZipEntry e = checkSize(file, zip, name, expected);
        long size = e.getSize();
        // on the heap: see readLegacy; each tensor is copied once more into its own direct buffer
        byte[] out = new byte[(int) size];
        try (InputStream in = zip.getInputStream(e)) {
            int n = in.readNBytes(out, 0, out.length);
            if (n < out.length) {
                throw new InvalidDataException(file, "entry " + name + " ends after " + n + " of its " + size
                        + " bytes: truncated");
            }
            if (in.read() >= 0) {
                throw new InvalidDataException(file, "entry " + name + " holds more than the " + size
                        + " bytes it declares: corrupt or a zip bomb");
            }
        }
        ByteBuffer data = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        checkCrc(file, e, data);
        return data;
    }

    private static Map<String, NDArray> readLegacy(NDManager manager, Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() > Integer.MAX_VALUE) {
                throw new InvalidDataException(file, "legacy-format checkpoints above 2 GiB are not read; re-save it"
                        + " with a current torch.save (zip format)");
            }
            // the pickles are parsed from a mapping (they touch few pages); the storages are read, not copied
            // out of the mapping, which faulted page by page at a fifth of read's speed
            ByteBuffer in = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.LITTLE_ENDIAN);
            PickleReader.Calls none = new TorchCalls(file, new HashMap<>(), true);
            Object magic = new PickleReader(file, in, Set.of(), none).load();
            if (!MAGIC.equals(magic instanceof Long l ? BigInteger.valueOf(l) : magic)) {
                throw new InvalidDataException(file, "wrong magic number (" + (magic instanceof Number ? magic
                        : PickleReader.typeName(magic)) + "): not a torch.save checkpoint");
            }
            Object protocol = new PickleReader(file, in, Set.of(), none).load();
            if (!Long.valueOf(PROTOCOL).equals(protocol)) {
                throw new InvalidDataException(file, "legacy protocol version " + protocol + "; only " + PROTOCOL
                        + " (PyTorch 0.4-1.5) is read");
            }
            Object sysInfo = new PickleReader(file, in, Set.of(), none).load();
            if (!(sysInfo instanceof Map<?, ?> info) || !Boolean.TRUE.equals(info.get("little_endian"))) {
                throw new InvalidDataException(file, "written on a big-endian machine or without sys info ("
                        + PickleReader.typeName(sysInfo) + "); only little-endian files are read");
            }
            Map<String, Storage> storages = new HashMap<>();
            Object root = new PickleReader(file, in, allowed(), new TorchCalls(file, storages, true)).load();
            Object keys = new PickleReader(file, in, Set.of(), none).load();
            if (!(keys instanceof List<?> keyList)) {
                throw new InvalidDataException(file, "corrupt: the storage key list is a " + PickleReader.typeName(keys));
            }
            for (Object k : keyList) {
                Storage s = storages.get(String.valueOf(k));
                if (s == null) {
                    throw new InvalidDataException(file, "corrupt: storage " + k + " is listed but no tensor uses it");
                }
                if (in.remaining() < 8) {
                    throw new InvalidDataException(file, "truncated: the file ends before storage " + k);
                }
                long numel = in.getLong();
                long bytes = numel * s.element.width;
                if (numel != s.numel) {
                    throw new InvalidDataException(file, "corrupt: storage " + k + " holds " + numel
                            + " elements; the pickle describes " + s.numel);
                }
                if (bytes > in.remaining()) {
                    throw new InvalidDataException(file, "truncated: storage " + k + " needs " + bytes + " bytes, "
                            + in.remaining() + " are left");
                }
                s.position = in.position();
                in.position(in.position() + (int) bytes);
            }
            return materialise(manager, file, stateDict(file, root), ch);
        }
    }

    private static Set<Global> allowed() {
        Set<Global> globals = new java.util.HashSet<>(Set.of(ORDERED_DICT, REBUILD_V2, REBUILD, REBUILD_PARAMETER));
        for (Element e : Element.values()) {
            globals.add(e.global);
        }
        return globals;
    }

    /** The only code a checkpoint can reach: containers, tensors and storage references. */
    private record TorchCalls(Path file, Map<String, Storage> storages, boolean legacy) implements PickleReader.Calls {

        @Override
        public Object call(Global g, Tuple a) {
            if (g.equals(ORDERED_DICT)) {
                Map<Object, Object> d = new LinkedHashMap<>();
                if (a.size() == 1 && a.get(0) instanceof List<?> pairs) {
                    // OrderedDict([(k, v), ...]); Python 2's OrderedDict.__reduce__ pickled [[k, v], ...]
                    for (Object p : pairs) {
                        List<?> kv = p instanceof Tuple t ? t.items() : (List<?>) p;
                        d.put(kv.get(0), kv.get(1));
                    }
                } else if (a.size() != 0) {
                    throw new InvalidDataException(file, "corrupt pickle: OrderedDict with " + a.size() + " arguments");
                }
                return d;
            }
            if (g.equals(REBUILD_V2) || g.equals(REBUILD)) {
                // _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, metadata]);
                // pre-0.4 _rebuild_tensor(storage, offset, size, stride)
                int expected = g.equals(REBUILD) ? 4 : 6;
                if (a.size() < expected || a.size() > expected + 1) {
                    throw new InvalidDataException(file, "corrupt pickle: " + g + " with " + a.size() + " arguments");
                }
                Object s = a.get(0);
                long offset = number(a.get(1));
                if (s instanceof StorageView v) {
                    s = v.root();
                    offset += v.offset();
                }
                if (!(s instanceof Storage storage)) {
                    throw new InvalidDataException(file, "corrupt pickle: a tensor on a " + PickleReader.typeName(s));
                }
                return new TensorRef(storage, offset, longs(a.get(2)), longs(a.get(3)));
            }
            if (g.equals(REBUILD_PARAMETER)) { // _rebuild_parameter(data, requires_grad, hooks): the data is it
                return a.get(0);
            }
            throw new InvalidDataException(file, "corrupt pickle: " + g + " called");
        }

        @Override
        public Object persistentLoad(Object pid) {
            // ('storage', storage_type, key, location, numel) and, in the legacy format, view_metadata
            if (!(pid instanceof Tuple t) || t.size() < 5 || !"storage".equals(t.get(0))
                    || !(t.get(1) instanceof Global type) || !(t.get(2) instanceof String key)) {
                throw new InvalidDataException(file, "corrupt pickle: a persistent id (" + PickleReader.typeName(pid)
                        + ") that is not ('storage', type, key, location, size)");
            }
            Element element = Element.of(type);
            if (element == null) {
                throw new InvalidDataException(file, "tensor storage type " + type + " is not read");
            }
            long numel = number(t.get(4));
            if (numel < 0 || numel > Integer.MAX_VALUE / element.width) {
                throw new InvalidDataException(file, "storage " + key + " of " + numel + " elements: corrupt, or above"
                        + " the 2 GiB read here");
            }
            Storage s = storages.computeIfAbsent(key, k -> new Storage(k, element, numel));
            if (s.element != element || s.numel != numel) {
                throw new InvalidDataException(file, "corrupt pickle: storage " + key + " described twice differently");
            }
            if (legacy && t.size() > 5 && t.get(5) instanceof Tuple view) { // (view_key, offset, view_size)
                return new StorageView(s, number(view.get(1)));
            }
            return s;
        }

        @Override
        public void build(Object obj, Object state) {
            // state_dict() pickles as an OrderedDict whose BUILD state is its _metadata attribute (module
            // versions), which loading weights does not need
            if (!(obj instanceof Map)) {
                throw new IllegalArgumentException("state for a " + PickleReader.typeName(obj));
            }
        }

        private long number(Object o) {
            if (!(o instanceof Long l)) {
                throw new InvalidDataException(file, "corrupt pickle: expected an int, got " + PickleReader.typeName(o));
            }
            return l;
        }

        private long[] longs(Object o) {
            if (!(o instanceof Tuple t)) {
                throw new InvalidDataException(file, "corrupt pickle: expected a tuple of ints, got "
                        + PickleReader.typeName(o));
            }
            long[] out = new long[t.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = number(t.get(i));
            }
            return out;
        }
    }

    /** The state_dict inside the unpickled object: itself, or the single one under a {@link #NESTED} key. */
    static Map<String, TensorRef> stateDict(Path file, Object root) {
        Map<String, TensorRef> found = tensors(root);
        String from = null;
        if (found == null && root instanceof Map<?, ?> top) {
            List<String> candidates = new ArrayList<>();
            for (String k : NESTED) {
                if (tensors(top.get(k)) != null) {
                    candidates.add(k);
                }
            }
            if (candidates.size() == 1) {
                from = candidates.get(0);
                found = tensors(top.get(from));
            } else {
                throw new InvalidDataException(file, (candidates.isEmpty()
                        ? "no state_dict found: the checkpoint is neither a dict of tensors nor holds one under "
                                + String.join(", ", NESTED)
                        : "ambiguous: " + String.join(" and ", candidates) + " both hold a dict of tensors")
                        + "; its top-level keys: " + describe(top));
            }
        }
        if (found == null) {
            throw new InvalidDataException(file, "no state_dict found: the checkpoint holds a "
                    + PickleReader.typeName(root) + ", not a dict of tensors");
        }
        boolean dataParallel = found.keySet().stream().allMatch(k -> k.startsWith("module."));
        if (from != null || dataParallel) {
            LOG.info("{}: state_dict{}{}", file, from == null ? "" : " under '" + from + "'",
                    dataParallel ? ", DataParallel's 'module.' prefix stripped" : "");
        }
        if (dataParallel) {
            Map<String, TensorRef> stripped = new LinkedHashMap<>();
            found.forEach((k, v) -> stripped.put(k.substring("module.".length()), v));
            found = stripped;
        }
        return found;
    }

    /** The map as a state_dict when it is one: string keys, every value a tensor; else null. */
    private static Map<String, TensorRef> tensors(Object o) {
        if (!(o instanceof Map<?, ?> m) || m.isEmpty()) {
            return null;
        }
        Map<String, TensorRef> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String k) || !(e.getValue() instanceof TensorRef t)) {
                return null;
            }
            out.put(k, t);
        }
        return out;
    }

    private static String describe(Map<?, ?> top) {
        List<String> keys = new ArrayList<>();
        top.forEach((k, v) -> keys.add(k + " (" + (v instanceof Map<?, ?> m ? "dict of " + m.size()
                : PickleReader.typeName(v)) + ")"));
        return String.join(", ", keys);
    }

    private static Map<String, NDArray> materialise(NDManager manager, Path file, Map<String, TensorRef> refs,
            FileChannel ch) throws IOException {
        Map<String, NDArray> out = new LinkedHashMap<>();
        int widened = 0;
        long total = 0;
        for (Map.Entry<String, TensorRef> e : refs.entrySet()) {
            TensorRef t = e.getValue();
            t.storage().uses++;
            long numel = 1;
            for (long d : t.size()) {
                numel = d < 0 || numel > Long.MAX_VALUE / Math.max(1, d) ? -1 : numel * d;
                if (numel < 0) {
                    throw new InvalidDataException(file, "tensor " + e.getKey() + ": invalid size");
                }
            }
            total += numel * t.storage().element.type.getNumOfBytes();
            if (numel * t.storage().element.width > Integer.MAX_VALUE || total < 0
                    || total > MAX_EXPANSION * ch.size() + EXPANSION_SLACK) {
                throw new InvalidDataException(file, "its tensors would expand to at least " + total + " bytes from a "
                        + ch.size() + "-byte file (tensor " + e.getKey() + "); tensors above 2 GiB are not read either");
            }
        }
        boolean writeThrough = writesThrough(manager);
        for (Map.Entry<String, TensorRef> e : refs.entrySet()) {
            TensorRef t = e.getValue();
            Storage s = t.storage();
            Element el = s.element;
            NDArray a;
            if (writeThrough && wholeStorage(t)) {
                // the common case, one tensor per storage: read the file straight into the array's memory
                a = manager.create(new Shape(t.size()), el.type);
                ByteBuffer memory = readFully(file, ch, s.position, a.toByteBuffer(true), "storage " + s.key);
                if (s.entry != null) {
                    checkCrc(file, s.entry, memory);
                }
            } else {
                load(file, ch, s);
                // DJL's PyTorch engine wraps a direct buffer without copying it (torch::from_blob): each
                // array gets a fresh one, so no array aliases another or a storage
                a = manager.create(widen(el, contiguous(file, e.getKey(), t)), new Shape(t.size()), el.type);
                widened += el.type.getNumOfBytes() != el.width ? 1 : 0;
            }
            a.setName(e.getKey());
            out.put(e.getKey(), a);
        }
        if (widened > 0) {
            LOG.info("{}: {} bfloat16/int16 tensors widened exactly to float32/int32", file, widened);
        }
        return out;
    }

    /**
     * Whether {@code toByteBuffer(true)} of a new array is its memory (DJL's PyTorch engine on the CPU:
     * {@code torchDirectByteBuffer}); checked by writing through it, since the API only promises to try.
     */
    private static boolean writesThrough(NDManager manager) {
        // probed per file, not cached: on a GPU manager the buffer is a copy taken on the CPU
        try (NDArray probe = manager.create(new Shape(1), DataType.FLOAT32)) {
            ByteBuffer b = probe.toByteBuffer(true).order(ByteOrder.nativeOrder());
            b.putFloat(0, 42.5f);
            return b.isDirect() && probe.getFloat() == 42.5f && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
        }
    }

    /** The tensor's elements in row-major order, in a fresh buffer: no array aliases another or the file. */
    static ByteBuffer contiguous(Path file, String name, TensorRef t) {
        Storage s = t.storage();
        int w = s.element.width;
        long[] size = t.size();
        long[] stride = t.stride();
        if (stride.length != size.length) {
            throw new InvalidDataException(file, "tensor " + name + ": " + size.length + " sizes but " + stride.length
                    + " strides");
        }
        long numel = 1;
        long last = t.offset();
        boolean rowMajor = true;
        long expect = 1;
        for (int d = size.length - 1; d >= 0; d--) {
            if (size[d] < 0 || stride[d] < 0) {
                throw new InvalidDataException(file, "tensor " + name + ": negative size or stride");
            }
            numel = Math.multiplyExact(numel, size[d]);
            last += (size[d] - 1) * stride[d];
            rowMajor &= size[d] == 1 || stride[d] == expect;
            expect *= size[d];
        }
        if (numel > 0 && (t.offset() < 0 || last >= s.numel)) {
            throw new InvalidDataException(file, "tensor " + name + " reaches element " + last + " of storage "
                    + s.key + ", which holds " + s.numel);
        }
        ByteBuffer out = ByteBuffer.allocateDirect(Math.toIntExact(numel * w)).order(ByteOrder.LITTLE_ENDIAN);
        if (numel == 0) {
            return out;
        }
        if (rowMajor) {
            out.put(0, s.data, (int) (t.offset() * w), (int) (numel * w));
            return out;
        }
        long[] index = new long[size.length];
        long src = t.offset();
        for (int i = 0; i < numel; i++) {
            out.put(i * w, s.data, (int) (src * w), w);
            for (int d = size.length - 1; d >= 0; d--) { // odometer over the dimensions, last fastest
                src += stride[d];
                if (++index[d] < size[d]) {
                    break;
                }
                src -= size[d] * stride[d];
                index[d] = 0;
            }
        }
        return out;
    }

    private static boolean wholeStorage(TensorRef t) {
        Storage s = t.storage();
        if (s.data != null || s.position < 0 || s.numel == 0 || s.uses != 1 || t.offset() != 0
                || s.element.type.getNumOfBytes() != s.element.width) {
            return false;
        }
        long expect = 1;
        for (int d = t.size().length - 1; d >= 0; d--) {
            if (t.size()[d] != 1 && t.stride()[d] != expect) {
                return false;
            }
            expect *= t.size()[d];
        }
        return expect == s.numel;
    }

    /** bfloat16 is float32's upper half; int16 sign-extends: both widenings are exact. */
    private static ByteBuffer widen(Element el, ByteBuffer in) {
        if (el != Element.BFLOAT16 && el != Element.INT16) {
            return in;
        }
        int n = in.capacity() / 2;
        ByteBuffer out = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            short v = in.getShort(2 * i);
            out.putInt(4 * i, el == Element.BFLOAT16 ? (v & 0xffff) << 16 : v);
        }
        return out;
    }
}
