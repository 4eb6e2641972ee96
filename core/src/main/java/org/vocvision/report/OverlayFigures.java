package org.vocvision.report;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.vocvision.data.Dataset;
import org.vocvision.data.Mask;
import org.vocvision.data.Sample;
import org.vocvision.data.VocClasses;
import org.vocvision.metric.ConfusionMatrix;
import org.vocvision.predict.SegmentationPredictor;

/**
 * The segmenter's best and worst validation images as overlay figures (image | truth | prediction),
 * ranked by per-image mIoU: the mean IoU over the classes (background included) present in the truth
 * or the prediction, void pixels left out. An image whose pixels are all void has no score and is skipped.
 */
public final class OverlayFigures {

    /** An image's score. */
    public record Scored(String id, double miou) {}

    /** A written figure. */
    public record Figure(String rank, String id, double miou, Path file, List<Integer> classes) {}

    private OverlayFigures() {}

    /** The per-image mIoU of a prediction against its truth; NaN when every pixel is void. */
    public static double imageMiou(Mask truth, Mask prediction) {
        ConfusionMatrix matrix = new ConfusionMatrix(VocClasses.COUNT + 1);
        matrix.update(truth.values(), prediction.values());
        return matrix.meanIou();
    }

    /** The {@code k} highest and {@code k} lowest scored ids (best first, worst first); fewer when there are few. */
    public static List<List<Scored>> bestAndWorst(List<Scored> scores, int k) {
        List<Scored> ranked = new ArrayList<>(scores.stream().filter(s -> !Double.isNaN(s.miou())).toList());
        ranked.sort(Comparator.comparingDouble(Scored::miou).reversed().thenComparing(Scored::id));
        int n = Math.min(k, ranked.size() / 2 + ranked.size() % 2);
        List<Scored> best = List.copyOf(ranked.subList(0, n));
        List<Scored> worst = new ArrayList<>(ranked.subList(ranked.size() - Math.min(k, ranked.size() - n), ranked.size()));
        java.util.Collections.reverse(worst);
        return List.of(best, List.copyOf(worst));
    }

    /** The classes (0 background .. 20) in the truth or the prediction, ascending; void left out: the figure's legend. */
    static List<Integer> classesIn(Mask truth, Mask predicted) {
        java.util.TreeSet<Integer> present = new java.util.TreeSet<>();
        for (byte[] values : List.of(truth.values(), predicted.values())) {
            for (byte v : values) {
                if ((v & 0xFF) != org.vocvision.data.VocClasses.VOID) {
                    present.add(v & 0xFF);
                }
            }
        }
        return List.copyOf(present);
    }

    /**
     * Writes {@code overlay-best-<i>-<id>.png} and {@code overlay-worst-<i>-<id>.png} into {@code dir},
     * predicting the chosen images again (only 2k of them are kept, not every validation mask).
     */
    public static List<Figure> write(SegmentationPredictor predictor, NDManager manager, Dataset dataset, String split,
            List<Scored> scores, int k, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<List<Scored>> chosen = bestAndWorst(scores, k);
        List<Figure> figures = new ArrayList<>();
        String[] ranks = {"best", "worst"};
        for (int r = 0; r < 2; r++) {
            List<Scored> group = chosen.get(r);
            for (int i = 0; i < group.size(); i++) {
                Scored s = group.get(i);
                Sample sample = dataset.load(split, s.id());
                Mask predicted = predictor.predict(manager, sample.image());
                String caption = String.format(Locale.ROOT, "%s %d: %s, mIoU %.3f", ranks[r], i + 1, s.id(), s.miou());
                Path file = dir.resolve(String.format(Locale.ROOT, "overlay-%s-%d-%s.png", ranks[r], i + 1,
                        s.id().replaceAll("[^A-Za-z0-9_.-]", "_")));
                ImageIO.write(MaskOverlay.strip(sample.image(), sample.mask(), predicted, caption), "png", file.toFile());
                figures.add(new Figure(ranks[r], s.id(), s.miou(), file, classesIn(sample.mask(), predicted)));
            }
        }
        return figures;
    }
}
