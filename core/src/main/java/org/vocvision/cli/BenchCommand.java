package org.vocvision.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.vocvision.bench.BenchCase;
import org.vocvision.bench.BenchProcesses;
import org.vocvision.bench.Comparison;
import org.vocvision.bench.DataPathBenchmark;
import org.vocvision.bench.Measurement;
import org.vocvision.bench.ModelBenchmark;
import org.vocvision.bench.StepTimer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vocvision bench}: images/s and peak memory of the model cases and the data path, against PyTorch with --compare. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measures images/s of a train step (forward, loss, backward, SGD momentum) and of inference for"
                + " mobilenet_v2 b16@224, resnet50 b16@224, alexnet b32@150 and deeplabv3plus-mobilenet_v2 b8@320, and"
                + " of the data path (JPEG decode, augmentation, batching) at 224: warm-up steps, then the median of"
                + " timed steps, each case in a fresh process with its peak resident memory. --compare runs"
                + " bench/torch_bench.py (torchvision's models, same sizes) after each case and prints vocvision/PyTorch.",
        footer = {"", "Example:", "  vocvision bench --compare --threads 2 --markdown docs/bench-table.md --json bench.jsonl"})
final class BenchCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--threads", defaultValue = "2", paramLabel = "N",
            description = "libtorch intra-op threads (and data-path loader threads) (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--quick", description = "1 warm-up and 3 timed steps instead of 2 and 7 (a smoke run).")
    boolean quick;

    @Option(names = "--compare", description = "Also measure each model case with PyTorch and print the ratio.")
    boolean compare;

    @Option(names = "--cases", split = ",", paramLabel = "LIST",
            description = "Cases to run (default: all): mobilenet_v2, resnet50, alexnet, deeplabv3plus_mobilenet_v2, data_path_224.")
    List<String> cases;

    @Option(names = "--python", defaultValue = "/usr/bin/python3", paramLabel = "FILE",
            description = "Python with torch and torchvision for --compare (default ${DEFAULT-VALUE}).")
    Path python;

    @Option(names = "--torch-script", defaultValue = "bench/torch_bench.py", paramLabel = "FILE",
            description = "The PyTorch side (default ${DEFAULT-VALUE}, relative to the working directory).")
    Path torchScript;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the results table as Markdown.")
    Path markdown;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write the results as JSON lines: per case both sides' measurements and the ratio.")
    Path json;

    @Option(names = "--child", hidden = true, description = "Measure the cases in this process and print JSON lines.")
    boolean child;

    @Override
    public Integer call() throws IOException {
        List<String> names = cases != null ? cases : allCases();
        names.stream().filter(n -> !n.equals(BenchCase.DATA_PATH)).forEach(BenchCase::named); // fail early on a typo
        return child ? measureHere(names) : measureInChildren(names);
    }

    private static List<String> allCases() {
        List<String> all = new ArrayList<>(BenchCase.MODELS.stream().map(BenchCase::name).toList());
        all.add(BenchCase.DATA_PATH);
        return all;
    }

    private int measureHere(List<String> names) {
        // before the engine starts: libtorch reads its thread count once
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        PrintWriter out = spec.commandLine().getOut();
        for (String name : names) {
            List<Measurement> results = name.equals(BenchCase.DATA_PATH)
                    ? List.of(DataPathBenchmark.run(quick ? 32 : 96, threads, new StepTimer(1, quick ? 2 : 3)))
                    : ModelBenchmark.run(BenchCase.named(name), quick ? new StepTimer(1, 3) : new StepTimer(2, 7));
            results.forEach(m -> out.println(m.toJson()));
            out.flush();
        }
        return 0;
    }

    private int measureInChildren(List<String> names) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "vocvision bench: %d threads, %s; images/s = batch / median step seconds; peak RSS ="
                + " the phase's VmHWM, each case in a fresh process%n", threads,
                quick ? "1 warm-up + 3 timed steps" : "2 warm-up + 7 timed steps");
        out.flush();
        List<Measurement> ours = new ArrayList<>();
        List<Measurement> theirs = new ArrayList<>();
        for (String name : names) {
            ours.addAll(BenchProcesses.vocvision(name, threads, quick));
            if (compare && !name.equals(BenchCase.DATA_PATH)) {
                theirs.addAll(BenchProcesses.pytorch(python, torchScript, name, threads, quick));
            }
            out.printf("  measured %s%n", name);
            out.flush();
        }
        List<Comparison.Row> rows = Comparison.join(ours, theirs);
        String table = Comparison.markdown(rows);
        out.print(table);
        dataPathHeadroom(ours).ifPresent(out::println);
        if (markdown != null) {
            Files.writeString(markdown, table);
            out.println("wrote " + markdown);
        }
        if (json != null) {
            Files.writeString(json, Comparison.jsonLines(rows));
            out.println("wrote " + json);
        }
        out.flush();
        return 0;
    }

    /** The target: the loader delivers at least 3x what mobilenet_v2 training at 224 consumes. */
    private static Optional<String> dataPathHeadroom(List<Measurement> ours) {
        Optional<Measurement> data = ours.stream().filter(m -> m.name().equals(BenchCase.DATA_PATH)).findFirst();
        Optional<Measurement> train = ours.stream().filter(m -> m.name().equals("mobilenet_v2_train")).findFirst();
        if (data.isEmpty() || train.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "data path: %.1f images/s = %.1fx what mobilenet_v2 training at 224"
                + " consumes (%.1f images/s)", data.get().imagesPerSecond(),
                data.get().imagesPerSecond() / train.get().imagesPerSecond(), train.get().imagesPerSecond()));
    }
}
