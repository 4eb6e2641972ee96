package org.vocvision.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vocvision.data.Dataset;
import org.vocvision.submit.Problem;
import org.vocvision.submit.Submission;
import org.vocvision.submit.SubmissionValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vocvision validate}: checks a submission.csv against the test images; exit 1 when invalid. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a submission.csv: header, every test id twice in test_set.csv order, and every run list"
                + " inside its row (20 classes, or 20 x H x W for that image). Exit code 1 when invalid.",
        footer = {"", "Example:", "  vocvision validate --submission runs/first/submission.csv --data data/competition"})
final class ValidateCommand implements Callable<Integer> {

    /** Problems printed before the rest are only counted. */
    private static final int SHOWN = 50;

    @Spec CommandSpec spec;

    @Option(names = "--submission", required = true, description = "the submission.csv to check")
    Path submission;

    @picocli.CommandLine.Mixin DataOptions data;

    @Option(names = "--split", description = "the split the submission covers (default: test when the data set has one,"
            + " else its default split)")
    String split;

    @Override
    public Integer call() {
        return validate(data.open());
    }

    int validate(Dataset dataset) {
        String s = split != null ? split : dataset.splits().contains("test") ? "test" : dataset.defaultSplit();
        List<Problem> problems = SubmissionValidator.validate(Submission.read(submission), SubmissionValidator.imageSizes(dataset, s));
        if (problems.isEmpty()) {
            spec.commandLine().getOut().println(submission + ": valid for the " + dataset.ids(s).size() + " images of split '" + s + "'");
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        problems.stream().limit(SHOWN).forEach(p -> err.println(p));
        if (problems.size() > SHOWN) {
            err.println("... and " + (problems.size() - SHOWN) + " more");
        }
        err.println(submission + ": invalid, " + problems.size() + " problem(s)");
        return 1;
    }
}
