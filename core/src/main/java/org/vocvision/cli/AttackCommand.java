package org.vocvision.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vocvision.attack.AttackParams;
import org.vocvision.attack.AttackReport;
import org.vocvision.attack.AttackSettings;
import org.vocvision.attack.Attacks;
import org.vocvision.attack.EpsList;
import org.vocvision.attack.EpsResult;
import org.vocvision.attack.InputDefence;
import org.vocvision.attack.Norm;
import org.vocvision.data.Dataset;
import org.vocvision.pipeline.AttackRun;
import org.vocvision.run.RunDir;
import org.vocvision.train.TrainedModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vocvision attack}: a robustness sweep of a trained run's model, written into the run directory. */
@Command(
        name = "attack",
        mixinStandardHelpOptions = true,
        description = "Attacks the best checkpoint of --run on the first --limit images of a split at each eps and"
                + " writes attack.json (and attack-<method>.json), figures/robustness-<method>.png and"
                + " figures/attack-grid-<method>.png into the run directory. By default it attacks the images the"
                + " run held out for validation (split 'heldout', also 'val' where the data set has no val split).",
        footer = {"", "Example:", "  vocvision attack --run runs/mnv2 --data data/competition --split val --method pgd --eps 0,2/255,8/255"})
final class AttackCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "A run directory with checkpoints/best.ckpt.")
    Path run;

    @CommandLine.Mixin DataOptions data;

    @Option(names = "--split", paramLabel = "NAME",
            description = "The labelled split to attack (default: the run's held-out images, split 'heldout').")
    String split;

    @Option(names = "--method", required = true, paramLabel = "NAME", completionCandidates = MethodNames.class,
            description = "One of: ${COMPLETION-CANDIDATES}.")
    String method;

    @Option(names = "--norm", defaultValue = "linf", paramLabel = "linf|l2", description = "The ball (default: ${DEFAULT-VALUE}; l2 for pgd).")
    String norm;

    @Option(names = "--eps", defaultValue = "0,1/255,2/255,4/255,8/255,16/255", paramLabel = "LIST",
            description = "Budgets in [0,1] pixel units: numbers or fractions, comma-separated (default: ${DEFAULT-VALUE}).")
    String eps;

    @Option(names = "--steps", defaultValue = "0", paramLabel = "N",
            description = "Iterations of an iterative attack (default 10), fitting epochs of universal/generator (default 5).")
    int steps;

    @Option(names = "--step-size", defaultValue = "0", paramLabel = "X", description = "Step size (default: eps / 4).")
    double stepSize;

    @Option(names = "--target", paramLabel = "SPEC",
            description = "A targeted goal: add:CLASS,remove:CLASS (classification), vanish:CLASS or paint:CLASS (segmentation).")
    String target;

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

    /** The registry's names, for the help text. */
    static final class MethodNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return new ArrayList<>(Attacks.names()).iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        AttackSettings settings = new AttackSettings(method, new AttackParams(Norm.named(norm), steps, stepSize, segPgd),
                EpsList.parse(eps), target, limit, batchSize, seed, InputDefence.parse(defence));
        try (TrainedModel model = TrainedModel.load(run)) {
            Dataset dataset = model.withHeldOut(data.open());
            String name = split != null ? split : TrainedModel.HELD_OUT;
            if (!dataset.splits().contains(name)) {
                throw new IllegalArgumentException(dataset.root() + " has no split '" + name + "'"
                        + (split == null ? ": the run held its validation images out of " + model.heldOutSource()
                        + "; pass that data set or name a --split" : "; it has " + dataset.splits()));
            }
            AttackReport report = AttackRun.run(model, dataset, name, settings, run);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s on %s (%s), split %s:%n", report.method(), model.recipe().model(), report.task(), name);
            out.printf("%9s %8s %8s %8s %8s %8s%n", "eps*255", "success", model.task().metricLabel(), "linf*255", "psnr", "ssim");
            for (EpsResult r : report.results()) {
                out.printf(Locale.ROOT, "%9.2f %8.4f %8.4f %8.2f %8.2f %8.4f%n", r.eps() * 255, r.successRate(), r.metric(),
                        r.linf() * 255, r.psnr(), r.ssim());
            }
            RunDir dir = new RunDir(run);
            out.println("wrote " + dir.attack() + ", " + dir.attack(settings.label()) + " and " + dir.figures());
            out.flush();
        }
        return 0;
    }
}
