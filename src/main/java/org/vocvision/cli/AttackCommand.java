package org.vocvision.cli;

import org.vocvision.predict.TrainedModel;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vocvision.attack.AttackExperiment;
import org.vocvision.attack.AttackReport;
import org.vocvision.attack.AttackSettings;
import org.vocvision.attack.EpsResult;
import org.vocvision.attack.Norm;
import org.vocvision.attack.Task;
import org.vocvision.data.Dataset;
import org.vocvision.data.Datasets;
import org.vocvision.data.Layout;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vocvision attack}: a robustness sweep of a trained run's model, written into the run directory. */
@Command(
        name = "attack",
        mixinStandardHelpOptions = true,
        description = "Attacks the best checkpoint of --run on the first --limit images of a split at each eps and"
                + " writes attack.json (and attack-<method>.json), figures/robustness-<method>.png and"
                + " figures/attack-grid-<method>.png into the run directory.",
        footer = {"", "Example:", "  vocvision attack --run runs/mnv2 --data data/VOC2012 --split val --method pgd --eps 0,2/255,8/255"})
final class AttackCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "A run directory with checkpoints/best.ckpt.")
    Path run;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "A VOCdevkit year directory or a competition directory.")
    Path data;

    @Option(names = "--layout", paramLabel = "voc|competition", converter = StatsCommand.LayoutConverter.class,
            description = "The layout of --data (default: recognised from its contents).")
    Layout layout;

    @Option(names = "--split", paramLabel = "NAME",
            description = "The labelled split to attack (default: val where the data set has one, else its default split).")
    String split;

    @Option(names = "--method", required = true, paramLabel = "NAME", description = "fgsm, bim, pgd, mifgsm, universal or generator.")
    String method;

    @Option(names = "--norm", defaultValue = "linf", paramLabel = "linf|l2", description = "The ball of pgd (default: ${DEFAULT-VALUE}).")
    String norm;

    @Option(names = "--eps", defaultValue = "0,1/255,2/255,4/255,8/255,16/255", paramLabel = "LIST",
            description = "Budgets in [0,1] pixel units: numbers or fractions, comma-separated (default: ${DEFAULT-VALUE}).")
    String eps;

    @Option(names = "--steps", defaultValue = "0", paramLabel = "N",
            description = "Iterations of bim/pgd/mifgsm (default 10), fitting epochs of universal/generator (default 5).")
    int steps;

    @Option(names = "--step-size", defaultValue = "0", paramLabel = "X", description = "Step size (default: eps / 4).")
    double stepSize;

    @Option(names = "--target", paramLabel = "SPEC",
            description = "A targeted goal: add:CLASS,remove:CLASS (classification), vanish:CLASS or paint:CLASS (segmentation).")
    String target;

    @Option(names = "--task", paramLabel = "classification|segmentation",
            description = "What the model predicts (default: segmentation for deeplabv3plus and unet, else classification).")
    String task;

    @Option(names = "--segpgd", description = "SegPGD's per-pixel weighting (Gu et al. 2022) for pgd/bim on a segmenter.")
    boolean segPgd;

    @Option(names = "--defence", paramLabel = "jpeg:Q|bits:B|median:K",
            description = "Measure against an input defence applied before every prediction (the attacker does not see it):"
                    + " JPEG re-encoding at quality Q, B bits per channel, or a K x K median filter.")
    String defence;

    @Option(names = "--limit", defaultValue = "100", paramLabel = "N", description = "Attack the first N images (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--batch-size", defaultValue = "8", paramLabel = "N", description = "Images per batch (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed of random starts (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        Norm ball = switch (norm.toLowerCase(Locale.ROOT)) {
            case "linf" -> Norm.LINF;
            case "l2" -> Norm.L2;
            default -> throw new IllegalArgumentException("--norm must be linf or l2, got '" + norm + "'");
        };
        java.util.List<Double> budgets = AttackExperiment.parseEps(eps);
        try (TrainedModel model = TrainedModel.load(run)) {
            Task t = task == null ? (model.isSegmentation() ? Task.SEGMENTATION : Task.CLASSIFICATION) : switch (task.toLowerCase(Locale.ROOT)) {
                case "classification" -> Task.CLASSIFICATION;
                case "segmentation" -> Task.SEGMENTATION;
                default -> throw new IllegalArgumentException("--task must be classification or segmentation, got '" + task + "'");
            };
            AttackSettings settings = new AttackSettings(method, ball, budgets, steps, stepSize, t,
                    target, limit, batchSize, seed, segPgd, AttackSettings.parseDefence(defence));
            Dataset dataset = Datasets.open(data, layout);
            String name = split != null ? split : dataset.splits().contains("val") ? "val" : dataset.defaultSplit();
            AttackReport report = AttackExperiment.run(model.model(),
                    AttackExperiment.evaluationBatches(dataset, name, limit, model.inputSize(), model.inputSize(), batchSize),
                    settings, run);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s on %s (%s), split %s:%n", report.method(), model.card().model(), t.jsonName(), name);
            out.printf("%9s %8s %8s %8s %8s %8s%n", "eps*255", "success", t == Task.CLASSIFICATION ? "mAP" : "mIoU", "linf*255", "psnr", "ssim");
            for (EpsResult r : report.results()) {
                out.printf(Locale.ROOT, "%9.2f %8.4f %8.4f %8.2f %8.2f %8.4f%n", r.eps() * 255, r.successRate(), r.metric(),
                        r.linf() * 255, r.psnr(), r.ssim());
            }
            out.println("wrote " + run.resolve("attack.json") + ", " + run.resolve("attack-" + settings.label() + ".json")
                    + " and " + run.resolve("figures"));
            out.flush();
        }
        return 0;
    }
}
