import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.vocvision.engine.OfflineEngine;
import org.vocvision.model.WeightFile;

/**
 * Reading speed of weight files: WeightFile.read, median of 5 after 2 warm-ups, wall and process CPU time.
 * See docs/BENCHMARKS.md ("Reading checkpoints") for how to run it.
 */
public class ReadBench {
    public static void main(String[] args) throws Exception {
        for (String f : args) {
            Path p = Path.of(f);
            double mb = Files.size(p) / 1e6;
            long[] ns = new long[5];
            long[] cpu = new long[5];
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            for (int i = -2; i < 5; i++) {
                try (NDManager m = OfflineEngine.newManager()) {
                    long c = os.getProcessCpuTime();
                    long t = System.nanoTime();
                    Map<String, NDArray> r = WeightFile.read(m, p);
                    long d = System.nanoTime() - t;
                    if (i >= 0) { ns[i] = d; cpu[i] = os.getProcessCpuTime() - c; }
                    if (i == -2) System.out.println(f + ": " + r.size() + " tensors");
                }
            }
            Arrays.sort(ns);
            Arrays.sort(cpu);
            double ms = ns[2] / 1e6;
            System.out.printf("java %s\t%.1f MB\twall median %.0f ms\t%.0f MB/s\t(min %.0f max %.0f)\tcpu median %.0f ms%n", f, mb, ms, mb / ms * 1000, ns[0] / 1e6, ns[4] / 1e6, cpu[2] / 1e6);
        }
    }
}
