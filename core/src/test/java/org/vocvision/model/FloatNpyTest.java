package org.vocvision.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vocvision.data.InvalidDataException;

class FloatNpyTest {

    private static final Path DIR = Path.of("src/test/resources/weights");

    @TempDir Path tmp;

    @Test
    void readsNumpysFiles() throws IOException {
        // np.arange(6, dtype=np.float32).reshape(2, 3) / 4 - 0.5 (make_weight_fixtures.py)
        FloatNpy.Array a = FloatNpy.read(DIR.resolve("numpy_f4.npy"));
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertArrayEquals(new float[] {-0.5f, -0.25f, 0f, 0.25f, 0.5f, 0.75f}, a.data());
        FloatNpy.Array v = FloatNpy.read(DIR.resolve("numpy_scalar_vec.npy"));
        assertArrayEquals(new long[] {1}, v.shape());
    }

    @Test
    void writesWhatNumpyWrites() throws IOException {
        // same header and data bytes as np.save, so numpy reads ours
        for (String name : new String[] {"numpy_f4.npy", "numpy_scalar_vec.npy"}) {
            Path ours = tmp.resolve(name);
            FloatNpy.write(FloatNpy.read(DIR.resolve(name)), ours);
            assertArrayEquals(Files.readAllBytes(DIR.resolve(name)), Files.readAllBytes(ours), name);
        }
        Path four = tmp.resolve("4d.npy");
        FloatNpy.Array x = new FloatNpy.Array(new long[] {1, 3, 2, 1}, new float[] {1, 2, 3, 4, 5, 6});
        FloatNpy.write(x, four);
        assertArrayEquals(x.data(), FloatNpy.read(four).data());
        assertArrayEquals(x.shape(), FloatNpy.read(four).shape());
    }

    @Test
    void rejectsOtherDtypesNamingTheFile() {
        InvalidDataException e = assertThrows(InvalidDataException.class, () -> FloatNpy.read(DIR.resolve("numpy_f8.npy")));
        assertEquals(DIR.resolve("numpy_f8.npy"), e.file());
        assertTrue(e.getMessage().contains("<f8"), e.getMessage());
    }
}
