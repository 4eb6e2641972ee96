package org.vocvision.model;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vocvision.data.InvalidDataException;

/**
 * A restricted unpickler: it builds data (None, bool, int, float, str, bytes, tuple, list, dict) and
 * nothing else. A checkpoint is untrusted input, and Python's pickle runs any callable a file names; here
 * a {@code GLOBAL} is refused at once unless it is in the caller's allow-list, and even an allowed one is
 * never looked up by reflection: {@link Calls} maps it to plain Java code.
 *
 * <p>Opcodes are those of protocol 2, which {@code torch.save} writes ({@code DEFAULT_PROTOCOL = 2} in
 * {@code torch/serialization.py}), plus the protocol 3-4 framing, byte strings and memo ops so that a file
 * re-pickled at a newer protocol still reads (Python's {@code Lib/pickletools.py} documents each).
 * Python values become: None {@code null}, bool {@link Boolean}, int {@link Long} (or {@link BigInteger}
 * past 64 bits), float {@link Double}, str {@link String}, bytes {@code byte[]}, tuple {@link Tuple},
 * list {@link ArrayList}, dict {@link LinkedHashMap} (insertion order, as Python's).
 */
final class PickleReader {

    /** A Python tuple: immutable, and a valid dict key. */
    record Tuple(List<Object> items) {
        Object get(int i) {
            return items.get(i);
        }

        int size() {
            return items.size();
        }
    }

    /** A {@code module.name} reference from GLOBAL or STACK_GLOBAL; only ever compared, never resolved. */
    record Global(String module, String name) {
        @Override
        public String toString() {
            return module + "." + name;
        }
    }

    /** What the caller lets a file build; everything here is plain Java chosen by the caller. */
    interface Calls {
        /** REDUCE and NEWOBJ: {@code callable(*args)} for an allowed global. */
        Object call(Global callable, Tuple args);

        /** BINPERSID: torch's reference to a storage held outside the pickle. */
        Object persistentLoad(Object pid);

        /** BUILD: {@code obj.__setstate__(state)}; throws when the caller does not accept it. */
        void build(Object obj, Object state);
    }

    private static final Object MARK = new Object() {
        @Override
        public String toString() {
            return "MARK";
        }
    };
    /** A pickle nests by the stack, not by recursion; this bounds a hostile file's memory a little. */
    private static final int MAX_STACK = 1_000_000;

    private final Path file;
    private final ByteBuffer in;
    private final Set<Global> allowed;
    private final Calls calls;
    private final Map<Long, Object> memo = new HashMap<>();
    private final ArrayList<Object> stack = new ArrayList<>();
    private final ArrayList<Integer> marks = new ArrayList<>();

    /** Reads from {@code in}'s position; after {@link #load()} the position is just past STOP. */
    PickleReader(Path file, ByteBuffer in, Set<Global> allowed, Calls calls) {
        this.file = file;
        this.in = in.order(ByteOrder.LITTLE_ENDIAN);
        this.allowed = allowed;
        this.calls = calls;
    }

    /** Unpickles one object; the file is named in every error. */
    Object load() {
        try {
            return run();
        } catch (ClassCastException | IndexOutOfBoundsException | IllegalArgumentException | ArithmeticException e) {
            // a hostile or damaged file reaching a shape the code did not expect is still just a corrupt file
            throw corrupt(e.toString());
        }
    }

    private Object run() {
        while (true) {
            int at = in.position();
            int op = u8();
            switch (op) {
                case 0x80 -> u8(); // PROTO: the version is irrelevant, every known op is handled by name
                case 0x95 -> bytes(8); // FRAME: a length hint for buffered readers
                case '.' -> {
                    Object result = pop();
                    if (!stack.isEmpty() || !marks.isEmpty()) {
                        throw corrupt("STOP with " + stack.size() + " objects left on the stack");
                    }
                    return result;
                }
                case '(' -> {
                    marks.add(stack.size());
                    push(MARK);
                }
                case '0' -> pop(); // POP
                case '1' -> popMark(); // POP_MARK
                case '2' -> push(peek()); // DUP
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) in.getInt(need(4)));
                case 'K' -> push((long) u8());
                case 'M' -> push((long) (in.getShort(need(2)) & 0xffff));
                case 0x8a -> push(longFrom(bytes(u8())));
                case 0x8b -> push(longFrom(bytes(length(in.getInt(need(4)) & 0xffffffffL))));
                case 'G' -> push(Double.longBitsToDouble(Long.reverseBytes(in.getLong(need(8))))); // BINFLOAT is big-endian
                case 'X' -> push(utf8(bytes(length(in.getInt(need(4)) & 0xffffffffL))));
                case 0x8d -> push(utf8(bytes(length(in.getLong(need(8)))))); // BINUNICODE8
                case 0x8c -> push(utf8(bytes(u8()))); // SHORT_BINUNICODE
                // Python 2 str (BINSTRING, SHORT_BINSTRING): torch's own loader reads them as latin-1 text
                case 'T' -> push(new String(bytes(length(in.getInt(need(4)) & 0xffffffffL)), StandardCharsets.ISO_8859_1));
                case 'U' -> push(new String(bytes(u8()), StandardCharsets.ISO_8859_1));
                case 'B' -> push(bytes(length(in.getInt(need(4)) & 0xffffffffL))); // BINBYTES
                case 'C' -> push(bytes(u8())); // SHORT_BINBYTES
                case 0x8e -> push(bytes(length(in.getLong(need(8))))); // BINBYTES8
                case ')' -> push(new Tuple(List.of()));
                case ']' -> push(new ArrayList<>());
                case '}' -> push(new LinkedHashMap<>());
                case 't' -> push(tuple(popMark()));
                case 0x85 -> push(tuple(pops(1)));
                case 0x86 -> push(tuple(pops(2)));
                case 0x87 -> push(tuple(pops(3)));
                case 'l' -> push(new ArrayList<>(popMark())); // LIST
                case 'd' -> push(dict(new LinkedHashMap<>(), popMark())); // DICT
                case 'a' -> {
                    Object item = pop();
                    list(peek()).add(item);
                }
                case 'e' -> {
                    List<Object> items = popMark();
                    list(peek()).addAll(items);
                }
                case 's' -> {
                    List<Object> kv = pops(2);
                    dict(map(peek()), kv);
                }
                case 'u' -> {
                    List<Object> kv = popMark();
                    dict(map(peek()), kv);
                }
                case 'q' -> memo.put((long) u8(), peek()); // BINPUT
                case 'r' -> memo.put(in.getInt(need(4)) & 0xffffffffL, peek()); // LONG_BINPUT
                case 0x94 -> memo.put((long) memo.size(), peek()); // MEMOIZE
                case 'h' -> push(memoGet(u8())); // BINGET
                case 'j' -> push(memoGet(in.getInt(need(4)) & 0xffffffffL)); // LONG_BINGET
                case 'c' -> push(global(line(), line()));
                case 0x93 -> { // STACK_GLOBAL
                    List<Object> mn = pops(2);
                    if (!(mn.get(0) instanceof String m) || !(mn.get(1) instanceof String n)) {
                        throw corrupt("STACK_GLOBAL needs two strings at byte " + at);
                    }
                    push(global(m, n));
                }
                case 'R', 0x81 -> { // REDUCE, NEWOBJ: callable(*args) / cls.__new__(cls, *args)
                    Object args = pop();
                    Object callable = pop();
                    if (!(callable instanceof Global g) || !(args instanceof Tuple t)) {
                        throw corrupt((op == 'R' ? "REDUCE" : "NEWOBJ") + " at byte " + at + " on a "
                                + typeName(callable) + " with " + typeName(args));
                    }
                    push(callOrFail(g, t));
                }
                case 'b' -> { // BUILD: obj.__setstate__(state)
                    Object state = pop();
                    try {
                        calls.build(peek(), state);
                    } catch (IllegalArgumentException e) {
                        throw corrupt("BUILD at byte " + at + ": " + e.getMessage());
                    }
                }
                case 'Q' -> push(calls.persistentLoad(pop())); // BINPERSID
                default -> throw corrupt(String.format("unknown or unsupported pickle opcode 0x%02x at byte %d", op, at));
            }
        }
    }

    private Global global(String module, String name) {
        Global g = new Global(module, name);
        if (!allowed.contains(g)) {
            // refused before anything could be built with it: the file asks for code we never run
            throw new InvalidDataException(file, "the checkpoint refers to the Python global " + g
                    + ", which is not allowed (unpickling it could run code); only tensors and containers are read."
                    + " Allowed: collections.OrderedDict, torch._utils._rebuild_tensor_v2, _rebuild_tensor,"
                    + " _rebuild_parameter and torch.*Storage. A checkpoint that also pickles other objects (argparse"
                    + " arguments, numpy scalars) can be re-saved as torch.save(checkpoint['state_dict'], f)");
        }
        return g;
    }

    private Object callOrFail(Global g, Tuple args) {
        try {
            return calls.call(g, args);
        } catch (ClassCastException | IndexOutOfBoundsException e) {
            throw corrupt("unexpected arguments for " + g + ": " + e.getMessage());
        }
    }

    private int need(int n) {
        if (in.remaining() < n) {
            throw new InvalidDataException(file, "truncated: the pickle ends inside an opcode at byte " + in.position());
        }
        int at = in.position();
        in.position(at + n);
        return at;
    }

    private int u8() {
        return in.get(need(1)) & 0xff;
    }

    private int length(long n) {
        if (n < 0 || n > in.remaining()) {
            throw new InvalidDataException(file, "truncated or corrupt: a " + n + "-byte string at byte "
                    + in.position() + " with " + in.remaining() + " bytes left");
        }
        return (int) n;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[length(n)];
        in.get(need(n), b);
        return b;
    }

    private String line() {
        StringBuilder s = new StringBuilder();
        while (true) {
            int c = u8();
            if (c == '\n') {
                return s.toString();
            }
            if (s.length() > 1000) {
                throw corrupt("GLOBAL name longer than 1000 bytes");
            }
            s.append((char) c);
        }
    }

    /** Python's two's-complement little-endian long (LONG1, LONG4). */
    private static Object longFrom(byte[] le) {
        if (le.length == 0) {
            return 0L;
        }
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private void push(Object o) {
        if (stack.size() >= MAX_STACK) {
            throw corrupt("more than " + MAX_STACK + " objects on the pickle stack");
        }
        stack.add(o);
    }

    private Object pop() {
        if (stack.isEmpty() || (!marks.isEmpty() && marks.get(marks.size() - 1) == stack.size() - 1)) {
            throw corrupt("pickle stack underflow at byte " + in.position());
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() {
        Object o = pop();
        stack.add(o);
        return o;
    }

    private List<Object> pops(int n) {
        Object[] items = new Object[n];
        for (int i = n - 1; i >= 0; i--) {
            items[i] = pop();
        }
        return java.util.Arrays.asList(items);
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) {
            throw corrupt("no MARK on the pickle stack at byte " + in.position());
        }
        int m = marks.remove(marks.size() - 1);
        List<Object> items = new ArrayList<>(stack.subList(m + 1, stack.size()));
        stack.subList(m, stack.size()).clear();
        return items;
    }

    private Object memoGet(long key) {
        if (!memo.containsKey(key)) {
            throw corrupt("memo key " + key + " read before it was written");
        }
        return memo.get(key);
    }

    private static Tuple tuple(List<Object> items) {
        return new Tuple(java.util.Collections.unmodifiableList(new ArrayList<>(items)));
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o) {
        if (!(o instanceof ArrayList)) {
            throw corrupt("APPEND to a " + typeName(o));
        }
        return (List<Object>) o;
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> map(Object o) {
        if (!(o instanceof Map)) {
            throw corrupt("SETITEM on a " + typeName(o));
        }
        return (Map<Object, Object>) o;
    }

    private Map<Object, Object> dict(Map<Object, Object> d, List<Object> kv) {
        if (kv.size() % 2 != 0) {
            throw corrupt("odd number of items for a dict");
        }
        for (int i = 0; i < kv.size(); i += 2) {
            Object k = kv.get(i);
            if (!hashable(k) && !(k instanceof Tuple t && t.items().stream().allMatch(PickleReader::hashable))) {
                // Python refuses lists and dicts as keys; a self-containing one would also never finish hashing
                throw corrupt("dict key of type " + typeName(k));
            }
            d.put(k, kv.get(i + 1));
        }
        return d;
    }

    private static boolean hashable(Object o) {
        return o == null || o instanceof String || o instanceof Number || o instanceof Boolean;
    }

    static String typeName(Object o) {
        return o == null ? "None" : o == MARK ? "MARK" : o.getClass().getSimpleName();
    }

    private InvalidDataException corrupt(String problem) {
        return new InvalidDataException(file, "corrupt pickle: " + problem);
    }
}
