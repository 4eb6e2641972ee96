package org.vocvision.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs each case in a process of its own, so every case starts from a fresh heap and its peak
 * resident memory is its own: vocvision's cases in a child JVM ({@code bench --child}), PyTorch's
 * through {@code bench/torch_bench.py}. Both sides inherit this process's environment (the launcher's
 * malloc settings, thread variables), and they run in turn, never at the same time.
 */
public final class BenchProcesses {

    private BenchProcesses() {}

    /** vocvision's measurements of one case, from a child JVM running this jar. */
    public static List<Measurement> vocvision(String name, int threads, boolean quick) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.vocvision.cli.Main", "bench", "--child",
                "--cases", name, "--threads", Integer.toString(threads)));
        if (quick) {
            command.add("--quick");
        }
        return run(command, "vocvision case " + name);
    }

    /** PyTorch's measurements of one model case ({@code --only}), from Debian's python3-torch. */
    public static List<Measurement> pytorch(Path python, Path script, String name, int threads, boolean quick)
            throws IOException {
        if (!Files.isRegularFile(script)) {
            throw new IllegalArgumentException(script + ": the PyTorch benchmark script is missing (run from the"
                    + " project directory, or give --torch-script)");
        }
        List<String> command = new ArrayList<>(List.of(python.toString(), script.toString(), "--threads",
                Integer.toString(threads), "--only", name));
        if (quick) {
            command.add("--quick");
        }
        return run(command, "PyTorch case " + name + " (" + python + " with torch and torchvision, e.g. Debian's"
                + " python3-torch python3-torchvision)");
    }

    private static List<Measurement> run(List<String> command, String what) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " could not start: " + e.getMessage());
        }
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.add(line);
            }
        }
        try {
            int code = process.waitFor();
            if (code != 0) {
                throw new IllegalStateException(what + " failed with exit code " + code);
            }
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted");
        }
        return parse(lines);
    }

    /** The result lines of a benchmark's output (JSON objects); other lines are ignored. */
    static List<Measurement> parse(List<String> lines) {
        List<Measurement> out = new ArrayList<>();
        for (String line : lines) {
            if (line.trim().startsWith("{")) {
                out.add(Measurement.parse(line.trim()));
            }
        }
        return out;
    }
}
