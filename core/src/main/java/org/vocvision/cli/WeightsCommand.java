package org.vocvision.cli;

import org.vocvision.model.StateDict;
import org.vocvision.train.TrainedModel;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vocvision.model.ParamsExport;
import org.vocvision.model.WeightFile;
import org.vocvision.model.Weights;
import org.vocvision.model.WeightsDownload;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vocvision weights list|download|convert|export}: published ImageNet weights and our exports. */
@Command(name = "weights", mixinStandardHelpOptions = true,
        description = "Published ImageNet weights (list, download), .pth to .safetensors (convert) and export of ours.",
        footer = {"", "Examples:", "  vocvision weights list", "  vocvision weights download resnet50_imagenet1k_v2 --to weights/"},
        subcommands = {WeightsCommand.ListWeights.class, WeightsCommand.Download.class, WeightsCommand.Convert.class,
            WeightsCommand.Export.class})
final class WeightsCommand implements Runnable {

    /** What to do with a downloaded file: nothing, it loads as it is. */
    static final String USE = "--weights FILE reads torchvision's .pth as it is (no Python needed);"
            + " `vocvision weights convert IN.pth OUT.safetensors` writes a .safetensors copy";

    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", description = "Known weights: model, URL, SHA-256, licence, size, expected input, published"
            + " metric.",
            footer = {"", "Example:", "  vocvision weights list"})
    static final class ListWeights implements Runnable {
        @Spec CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            for (Weights w : Weights.values()) {
                Weights.Card c = w.card();
                out.printf(Locale.ROOT, "%s%n  model      %s%n  url        %s%n  sha256     %s%n  licence    %s%n"
                                + "  size       %s%n  transform  %s%n  metric     %s%n",
                        w.name().toLowerCase(Locale.ROOT), c.model(), c.url(),
                        c.sha256Prefix() == null ? "not published" : c.sha256Prefix() + "... (prefix, from the file name)",
                        c.licence(), Double.isNaN(c.sizeMiB()) ? "not stated" : c.sizeMiB() + " MiB", c.transform(),
                        c.metric());
            }
            out.println(USE);
        }
    }

    @Command(name = "download", description = "Download NAME into --to DIR (resumes a partial .part file, checks SHA-256).",
            footer = {"", "Example:", "  vocvision weights download resnet50_imagenet1k_v2 --to weights/"})
    static final class Download implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "a name from `weights list`")
        String name;

        @Option(names = "--to", required = true, description = "directory")
        Path dir;

        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Weights w = Weights.of(name);
            PrintWriter err = spec.commandLine().getErr();
            long[] lastPercent = {-1};
            Path file = WeightsDownload.download(w, dir, (done, total) -> {
                long percent = total > 0 ? done * 100 / total : done >> 20;
                if (percent != lastPercent[0]) {
                    lastPercent[0] = percent;
                    err.print(total > 0 ? "\r" + percent + " %" : "\r" + percent + " MiB");
                    err.flush();
                }
            });
            err.println();
            spec.commandLine().getOut().println("downloaded " + file);
            spec.commandLine().getOut().println("use it with --weights " + file);
            return 0;
        }
    }

    @Command(name = "convert", mixinStandardHelpOptions = true,
            description = "Write the state_dict of a torch.save checkpoint (.pth/.pt/.bin, zip or legacy format;"
                    + " nested under state_dict/model/model_state/net or DataParallel's module. is handled) as"
                    + " .safetensors. Tensors keep their dtype; bfloat16 and int16 are widened exactly to float32 and"
                    + " int32. The output is written to a temporary file and renamed into place.",
            footer = {"", "Example:", "  vocvision weights convert resnet50-0676ba61.pth resnet50.safetensors"})
    static final class Convert implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "IN", description = "a torch.save checkpoint or a .safetensors file")
        Path in;

        @Parameters(index = "1", paramLabel = "OUT", description = "the .safetensors to write")
        Path out;

        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            int n = WeightFile.convert(in, out);
            spec.commandLine().getOut().println("wrote " + n + " tensors to " + out);
            return 0;
        }
    }

    @Command(name = "export", description = "Write a model's DJL parameters as .safetensors in torchvision/timm naming.",
            footer = {"", "Example:", "  vocvision weights export --run runs/mnv2 --out mnv2.safetensors"})
    static final class Export implements Callable<Integer> {
        @Option(names = "--run", description = "a training run directory: exports its best checkpoint")
        Path run;

        @Option(names = "--model", description = "a registered model name (with --params)")
        String model;

        @Option(names = "--params", description = "DJL parameters (.params) of that model (instead of --run)")
        Path params;

        @Option(names = "--out", required = true, description = "the .safetensors to write")
        Path out;

        @Option(names = "--input-size", defaultValue = "224", description = "training input side; only the DENSE head"
                + " depends on it (default: ${DEFAULT-VALUE})")
        int inputSize;

        @Mixin ModelOptionsMixin options;

        @Spec CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            if (run != null) {
                try (TrainedModel trained = TrainedModel.load(run)) {
                    StateDict.export(trained.model().network(), out);
                }
            } else if (model != null && params != null) {
                ParamsExport.export(model, options.toOptions(), inputSize, params, out);
            } else {
                throw new IllegalArgumentException("weights export needs --run DIR, or --model NAME with --params FILE");
            }
            spec.commandLine().getOut().println("wrote " + out);
            return 0;
        }
    }
}
