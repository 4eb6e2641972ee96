package org.vocvision.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's resident memory from Linux's {@code /proc/self/status}: native tensors live outside
 * the Java heap, so the JVM's own counters cannot show whether training leaks. NaN where the file
 * does not exist (macOS, Windows).
 */
public final class ProcessMemory {

    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMemory() {}

    /** Current resident set size in MiB ({@code VmRSS}). */
    public static double residentMb() {
        return field("VmRSS:");
    }

    /** Peak resident set size so far in MiB ({@code VmHWM}, the "high water mark"). */
    public static double peakResidentMb() {
        return field("VmHWM:");
    }

    /**
     * Resets the peak to the current resident size (Linux 4.0+: writing 5 to
     * {@code /proc/self/clear_refs}), so a benchmark can measure one phase's peak. Returns false
     * where the kernel does not allow it.
     */
    public static boolean resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static double field(String name) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(name)) {
                    return parseKb(line.substring(name.length())) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** "   123456 kB" to 123456. */
    static long parseKb(String value) {
        String digits = value.trim();
        if (!digits.endsWith("kB")) {
            throw new IllegalArgumentException("expected a size in kB, got '" + value.trim() + "'");
        }
        return Long.parseLong(digits.substring(0, digits.length() - 2).trim());
    }
}
