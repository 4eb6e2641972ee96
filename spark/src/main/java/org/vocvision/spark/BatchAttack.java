package org.vocvision.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.vocvision.attack.AttackEntry;
import org.vocvision.attack.AttackReport;
import org.vocvision.attack.AttackSettings;
import org.vocvision.attack.AttackSweep;
import org.vocvision.attack.EpsResult;
import org.vocvision.attack.RobustnessEvaluation;
import org.vocvision.data.Batch;
import org.vocvision.data.Batches;
import org.vocvision.data.Dataset;
import org.vocvision.data.Datasets;
import org.vocvision.data.Layout;
import org.vocvision.report.RobustnessCurve;
import org.vocvision.run.RunDir;
import org.vocvision.task.Task;
import org.vocvision.train.TrainedModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spark-submit --class org.vocvision.spark.BatchAttack vocvision-spark.jar ...}: {@code attack}'s robustness
 * sweep with its batches spread over Spark tasks. The driver cuts the first {@code --limit} images of the split into
 * the batches {@code attack} makes; each task loads the model once and attacks its batches at every eps
 * ({@link AttackSweep#measure}); the driver puts the batch results back in the split's order and summarises them
 * as {@code attack} does ({@link AttackSweep#report}), so attack.json is the single-machine one at the same libtorch
 * thread count (one per task core; PGD's random start depends on the seed and the image only). Fitted attacks (universal, generator) fit one perturbation on the whole
 * set: they stay with {@code attack}.
 */
@Command(name = "BatchAttack", mixinStandardHelpOptions = true,
        description = "A robustness sweep of a trained run's model with its batches spread over Spark tasks.")
public final class BatchAttack implements Callable<Integer> {

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "A run directory (every executor reads it).")
    Path run;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "The data set directory.")
    Path data;

    @Option(names = "--layout", paramLabel = "voc|competition", description = "The data set's layout (default: recognised).")
    String layout;

    @Option(names = "--split", paramLabel = "NAME", description = "The labelled split (default: the run's held-out images, 'heldout').")
    String split;

    @Option(names = "--method", required = true, paramLabel = "NAME", description = "An iterative or single-step attack: fgsm, bim, pgd, mifgsm.")
    String method;

    @Option(names = "--norm", defaultValue = "linf", paramLabel = "linf|l2", description = "The ball (default ${DEFAULT-VALUE}).")
    String norm;

    @Option(names = "--eps", defaultValue = "0,1/255,2/255,4/255,8/255,16/255", paramLabel = "LIST", description = "Budgets (default ${DEFAULT-VALUE}).")
    String eps;

    @Option(names = "--steps", defaultValue = "0", paramLabel = "N", description = "Iterations (default 10).")
    int steps;

    @Option(names = "--step-size", defaultValue = "0", paramLabel = "X", description = "Step size (default eps / 4).")
    double stepSize;

    @Option(names = "--target", paramLabel = "SPEC", description = "A targeted goal, as attack's --target.")
    String target;

    @Option(names = "--segpgd", description = "SegPGD's per-pixel weighting for pgd/bim on a segmenter.")
    boolean segPgd;

    @Option(names = "--defence", paramLabel = "SPEC", description = "An input defence, as attack's --defence.")
    String defence;

    @Option(names = "--limit", defaultValue = "100", paramLabel = "N", description = "Attack the first N images (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--batch-size", defaultValue = "8", paramLabel = "N", description = "Images per batch (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N", description = "Seed of random starts (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Where attack.json goes (default: the run directory, as attack).")
    Path out;

    @Option(names = "--partitions", defaultValue = "0", paramLabel = "N", description = "Partitions (default: Spark's default parallelism).")
    int partitions;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master when not run by spark-submit, e.g. local[2].")
    String master;

    /** A batch of the split: its place in attack's order and its image ids. */
    record BatchIds(int index, List<String> ids) implements Serializable {}

    /** What one task measured: every eps's results for its batches, which start at batch {@code first}. */
    record Partial(int first, List<AttackSweep.EpsBatches> measured) implements Serializable {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new BatchAttack()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        SparkConf conf = new SparkConf().setAppName("vocvision BatchAttack");
        if (master != null) {
            conf.setMaster(master);
        }
        ExecutorEngine.configure(conf);
        try (SparkSession spark = SparkSession.builder().config(conf).getOrCreate()) {
            spark.sparkContext().setLogLevel(System.getProperty("vocvision.spark.logLevel", "WARN")); // Spark's INFO is per task
            AttackReport report = run(spark);
            System.out.printf("%s (%s), split %s:%n", report.method(), report.task(), splitName());
            System.out.printf("%9s %8s %8s %8s %8s %8s%n", "eps*255", "success", "metric", "linf*255", "psnr", "ssim");
            for (EpsResult r : report.results()) {
                System.out.printf(Locale.ROOT, "%9.2f %8.4f %8.4f %8.2f %8.2f %8.4f%n", r.eps() * 255, r.successRate(),
                        r.metric(), r.linf() * 255, r.psnr(), r.ssim());
            }
            System.out.println("wrote " + new RunDir(outDir()).attack());
        }
        return 0;
    }

    private String splitName() {
        return split != null ? split : TrainedModel.HELD_OUT;
    }

    private Path outDir() {
        return out != null ? out : run;
    }

    /** Runs the sweep and writes attack.json, attack-LABEL.json and figures/robustness-LABEL.png. */
    public AttackReport run(SparkSession spark) throws IOException {
        AttackSpec spec = new AttackSpec(method, norm, eps, steps, stepSize, target, segPgd, defence, limit, batchSize, seed);
        AttackSettings settings = spec.settings();
        if (settings.entry().kind() == AttackEntry.Kind.FITTED) {
            throw new IllegalArgumentException("--method " + method + " fits one perturbation on the whole set: run it"
                    + " with vocvision attack");
        }
        String name = splitName();
        Task task;
        List<BatchIds> batches = new ArrayList<>();
        try (TrainedModel model = TrainedModel.load(run)) {
            task = model.task();
            settings.entry().check(settings.params(), task.goalType());
            Dataset dataset = open(model, data.toAbsolutePath().toString(), layout);
            if (!dataset.splits().contains(name)) {
                throw new IllegalArgumentException(dataset.root() + " has no split '" + name + "'; it has " + dataset.splits());
            }
            List<String> ids = dataset.ids(name);
            ids = ids.subList(0, Math.min(settings.limit(), ids.size()));
            if (ids.isEmpty()) {
                throw new IllegalArgumentException(dataset.root() + ": split '" + name + "' has no images to attack");
            }
            for (int start = 0; start < ids.size(); start += settings.batchSize()) {
                batches.add(new BatchIds(batches.size(), List.copyOf(ids.subList(start, Math.min(ids.size(),
                        start + settings.batchSize())))));
            }
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int slices = Math.max(1, Math.min(partitions > 0 ? partitions : jsc.defaultParallelism(), batches.size()));
        String runDir = run.toAbsolutePath().toString();
        String dataDir = data.toAbsolutePath().toString();
        String layoutName = layout;
        List<Partial> partials = new ArrayList<>(jsc.parallelize(batches, slices)
                .mapPartitions(part -> attack(runDir, dataDir, layoutName, name, spec, part)).collect());
        partials.sort(Comparator.comparingInt(Partial::first));

        List<AttackSweep.EpsBatches> merged = new ArrayList<>();
        for (int e = 0; e < settings.eps().size(); e++) {
            List<RobustnessEvaluation.BatchResult> inOrder = new ArrayList<>();
            double seconds = 0;
            for (Partial p : partials) {
                inOrder.addAll(p.measured().get(e).batches());
                seconds += p.measured().get(e).seconds();
            }
            merged.add(new AttackSweep.EpsBatches(settings.eps().get(e), inOrder, seconds));
        }
        AttackReport report = AttackSweep.report(settings, merged, task.attackMetric(), task.name(), task.metricLabel());
        RunDir dir = new RunDir(outDir());
        String json = report.toJsonString();
        RunDir.writeText(dir.attack(), json);
        RunDir.writeText(dir.attack(settings.label()), json);
        RobustnessCurve.write(dir.figure("robustness-" + settings.label() + ".png"), report, task.metricLabel());
        return report;
    }

    /** One task: the model once, then its batches (whole batches of attack's order, so the same batches) at every eps. */
    private static Iterator<Partial> attack(String run, String data, String layout, String split, AttackSpec spec,
            Iterator<BatchIds> part) throws IOException {
        List<BatchIds> mine = new ArrayList<>();
        part.forEachRemaining(mine::add);
        if (mine.isEmpty()) {
            return java.util.Collections.emptyIterator();
        }
        ExecutorEngine.start();
        AttackSettings settings = spec.settings();
        try (TrainedModel model = TrainedModel.load(Path.of(run))) {
            Dataset dataset = open(model, data, layout);
            List<String> ids = new ArrayList<>();
            mine.forEach(b -> ids.addAll(b.ids()));
            int size = model.inputSize();
            Iterable<Batch> batches = Batches.builder().setDataset(dataset, split, ids).setBatchSize(settings.batchSize())
                    .setInputSize(size, size).build().iterable();
            try (AttackSweep sweep = new AttackSweep(model.model(), settings, model.task().goals(settings.target()))) {
                return List.of(new Partial(mine.get(0).index(), sweep.measure(batches))).iterator();
            }
        }
    }

    /** The data set as attack opens it: with the run's held-out images as split heldout (and val). */
    private static Dataset open(TrainedModel model, String data, String layout) {
        return model.withHeldOut(Datasets.open(Path.of(data), layout == null ? null : Layout.valueOf(layout.toUpperCase(Locale.ROOT))));
    }
}
