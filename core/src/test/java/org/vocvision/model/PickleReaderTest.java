package org.vocvision.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vocvision.data.InvalidDataException;
import org.vocvision.model.PickleReader.Global;
import org.vocvision.model.PickleReader.Tuple;

class PickleReaderTest {

    private static final Path SOURCE = Path.of("test.pkl");
    private static final Global ORDERED_DICT = new Global("collections", "OrderedDict");

    /** Builds dicts for OrderedDict; nothing else is allowed. */
    private static final PickleReader.Calls CALLS = new PickleReader.Calls() {
        @Override
        public Object call(Global callable, Tuple args) {
            return new java.util.LinkedHashMap<>();
        }

        @Override
        public Object persistentLoad(Object pid) {
            throw new IllegalStateException("no persistent ids here");
        }

        @Override
        public void build(Object obj, Object state) {
            throw new IllegalArgumentException("no BUILD here");
        }
    };

    private static Object load(String hex, Set<Global> allowed) {
        return new PickleReader(SOURCE, ByteBuffer.wrap(HexFormat.of().parseHex(hex)), allowed, CALLS).load();
    }

    @Test
    void protocolTwoValues() {
        // pickle.dumps({'a': [1, -2, 3.5, None, True, False], 'b': (300, 70000, -(2**40), 2**70), 'c': 'é'}, protocol=2)
        Object o = load("80027d71002858010000006171015d7102284b014afeffffff47400c0000000000004e8889655801000000627103"
                + "284d2c014a701101008a060000000000ff8a0900000000000000004074710458010000006371055802000000c3a97106752e",
                Set.of());
        Map<?, ?> d = (Map<?, ?>) o;
        assertEquals(List.of("a", "b", "c"), List.copyOf(d.keySet()));
        assertEquals(Arrays.asList(1L, -2L, 3.5, null, true, false), d.get("a"));
        assertEquals(new Tuple(List.of(300L, 70000L, -(1L << 40), BigInteger.TWO.pow(70))), d.get("b"));
        assertEquals("é", d.get("c"));
    }

    @Test
    void protocolFourFramesMemoAndStackGlobal() {
        // pickle.dumps(collections.OrderedDict(a=(1, 'x'), b=[]), protocol=4)
        Object o = load("80049536000000000000008c0b636f6c6c656374696f6e73948c0b4f72646572656444696374949394295294288c"
                + "0161944b018c01789486948c0162945d94752e", Set.of(ORDERED_DICT));
        Map<?, ?> d = (Map<?, ?>) o;
        assertEquals(new Tuple(List.of(1L, "x")), d.get("a"));
        assertEquals(List.of(), d.get("b"));
    }

    @Test
    void bytesOfProtocolThree() {
        // pickle.dumps(bytes([1, 2]), protocol=3)
        assertArrayEquals(new byte[] {1, 2}, (byte[]) load("80034302010271002e", Set.of()));
    }

    @Test
    void aGlobalOutsideTheAllowListIsRefusedAndNothingRuns() throws IOException {
        // make_pth_fixtures.py: an object whose __reduce__ is os.system("touch /tmp/vocvision-pickle-ran-code")
        Path marker = Path.of("/tmp/vocvision-pickle-ran-code");
        Files.deleteIfExists(marker);
        Path file = Path.of("src/test/resources/pth/forbidden.pkl");
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
        InvalidDataException e = assertThrows(InvalidDataException.class,
                () -> new PickleReader(file, in, Set.of(ORDERED_DICT), CALLS).load());
        assertTrue(e.getMessage().contains("posix.system"), e.getMessage());
        assertEquals(file, e.file());
        assertFalse(Files.exists(marker));
    }

    @Test
    void anAllowedGlobalMayNotBeCalledWithNonTuples() {
        // GLOBAL collections.OrderedDict, NONE, REDUCE, STOP
        String hex = "8002" + HexFormat.of().formatHex("ccollections\nOrderedDict\n".getBytes()) + "4e522e";
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> load(hex, Set.of(ORDERED_DICT)));
        assertTrue(e.getMessage().contains("REDUCE"), e.getMessage());
    }

    @Test
    void truncatedAndMalformedPicklesNameTheFile() {
        // BINUNICODE announcing 255 bytes with 2 left; a stack underflow; an unknown opcode; no STOP; STOP on a MARK;
        // REDUCE on a MARK; a list used as its own dict key
        for (String hex : new String[] {"800258ff0000006162", "8002752e", "8002ff2e", "80024b01", "8002282e",
            "800228295228", "80027d5d71006800732e"}) {
            InvalidDataException e = assertThrows(InvalidDataException.class, () -> load(hex, Set.of()), hex);
            assertEquals(SOURCE, e.file());
        }
    }
}
