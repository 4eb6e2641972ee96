package org.vocvision.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vocvision.data.Dataset;
import org.vocvision.data.Datasets;
import org.vocvision.data.VocClasses;
import org.vocvision.submit.Score;
import org.vocvision.submit.Scorer;
import org.vocvision.submit.Submission;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vocvision score}: the competition's score of a submission against labelled data. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Score a submission.csv as Kaggle does (mean per-row Dice) against a labelled data set whose ids it"
                + " uses, with its classification and segmentation halves and per-class F1 / IoU.",
        footer = {"", "Example:", "  vocvision score --submission runs/first/val_submission.csv --truth data/competition --split train"})
final class ScoreCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--submission", required = true, description = "the submission.csv to score")
    Path submission;

    @Option(names = "--truth", required = true, description = "a labelled data set directory (either layout)")
    Path truth;

    @Mixin LayoutOption layout;

    @Option(names = "--split", description = "the truth split holding the submission's ids (default: the data set's default split)")
    String split;

    @Option(names = "--json", description = "print the scores as one JSON object")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
        return score(Datasets.open(truth, layout.value));
    }

    int score(Dataset dataset) throws JsonProcessingException {
        String s = split != null ? split : dataset.defaultSplit();
        Score score = Scorer.score(Submission.read(submission), dataset, s);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(score.asMap()));
            return 0;
        }
        out.printf("dice %.4f  (classification %.4f over %d rows, segmentation %s over %d rows)%n",
                score.dice(), score.classification(), score.classificationRows(),
                score.segmentationRows() == 0 ? "-" : String.format(java.util.Locale.ROOT, "%.4f", score.segmentation()),
                score.segmentationRows());
        if (score.segmentationRows() < score.classificationRows()) {
            out.printf("%d of %d images have no mask: their segmentation rows are not scored%n",
                    score.classificationRows() - score.segmentationRows(), score.classificationRows());
        }
        out.printf("%-12s %7s %7s%n", "class", "F1", "IoU");
        for (int c = 0; c < VocClasses.COUNT; c++) {
            out.printf("%-12s %7.4f %7.4f%n", VocClasses.NAMES.get(c), score.classF1()[c], score.classIoU()[c]);
        }
        return 0;
    }
}
