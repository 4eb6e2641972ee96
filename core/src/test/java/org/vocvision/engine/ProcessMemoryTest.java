package org.vocvision.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

    @Test
    void readsTheKernelsKilobyteFields() {
        assertEquals(123456, ProcessMemory.parseKb("\t  123456 kB"));
        assertThrows(IllegalArgumentException.class, () -> ProcessMemory.parseKb(" 12 MB"));
    }

    /** CI and the development machines are Linux: the numbers must be there and ordered. */
    @Test
    void peakIsAtLeastTheCurrentResidentSize() {
        double now = ProcessMemory.residentMb();
        double peak = ProcessMemory.peakResidentMb();
        assertTrue(now > 10, "resident " + now);
        assertTrue(peak >= now, "peak " + peak + " < resident " + now);
    }
}
