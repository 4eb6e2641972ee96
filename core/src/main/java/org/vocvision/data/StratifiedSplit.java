package org.vocvision.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A deterministic train/val split of multi-label data that keeps each class's share on both sides:
 * iterative stratification (Sechidis, Tsoumakas and Vlahavas, "On the Stratification of Multi-Label
 * Data", ECML PKDD 2011, Algorithm 1), seeded.
 *
 * <p>The algorithm follows the class with the fewest unassigned images first and gives each such image
 * to the side that still wants most of that class. With a small val fraction a rare class can still end
 * up on one side only (2 images, 10% val: both sides "want" train), so a repair pass follows: for every
 * class with at least 2 images missing from a side, one image of it moves across, chosen so no other
 * class loses its last image on the side it leaves, and an image that nothing needs moves back to keep
 * the sizes.
 */
public final class StratifiedSplit {

    private static final Logger LOG = LoggerFactory.getLogger(StratifiedSplit.class);
    private static final int TRAIN = 0;
    private static final int VAL = 1;

    private StratifiedSplit() {}

    /** Splits samples by their {@link Sample#targets()} (difficult counts as present). */
    public static TrainValSplit of(List<Sample> samples, double valFraction, long seed) {
        return split(samples.stream().map(Sample::id).toList(), samples.stream().map(Sample::targets).toList(),
                valFraction, seed);
    }

    /**
     * @param ids the image ids
     * @param targets per id, its 20 (or any number of) 0/1 class targets; a value above 0.5 is a positive
     * @param valFraction the share of images for validation, in (0, 1)
     * @param seed the seed of the tie-breaking order: the same inputs and seed give the same split
     * @return train and val ids, each in the order of {@code ids}
     */
    public static TrainValSplit split(List<String> ids, List<float[]> targets, double valFraction, long seed) {
        if (!(valFraction > 0 && valFraction < 1)) {
            throw new IllegalArgumentException("valFraction must be in (0, 1), got " + valFraction);
        }
        if (ids.size() != targets.size()) {
            throw new IllegalArgumentException(ids.size() + " ids but " + targets.size() + " target rows");
        }
        if (new LinkedHashSet<>(ids).size() != ids.size()) {
            throw new IllegalArgumentException("duplicate ids in the list to split");
        }
        int n = ids.size();
        int classes = targets.isEmpty() ? 0 : targets.get(0).length;
        boolean[][] y = new boolean[n][classes];
        int[] total = new int[classes];
        for (int i = 0; i < n; i++) {
            if (targets.get(i).length != classes) {
                throw new IllegalArgumentException("id " + ids.get(i) + " has " + targets.get(i).length
                        + " targets, expected " + classes);
            }
            for (int c = 0; c < classes; c++) {
                y[i][c] = targets.get(i)[c] > 0.5f;
                total[c] += y[i][c] ? 1 : 0;
            }
        }
        int[] side = stratify(y, total, valFraction, new Random(seed));
        repair(y, total, side);
        List<String> train = new ArrayList<>();
        List<String> val = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            (side[i] == VAL ? val : train).add(ids.get(i));
        }
        return new TrainValSplit(List.copyOf(train), List.copyOf(val));
    }

    private static int[] stratify(boolean[][] y, int[] total, double valFraction, Random random) {
        int n = y.length;
        int classes = total.length;
        double[] ratio = {1 - valFraction, valFraction};
        double[] wanted = {ratio[TRAIN] * n, ratio[VAL] * n};
        double[][] wantedOfClass = new double[2][classes];
        for (int c = 0; c < classes; c++) {
            wantedOfClass[TRAIN][c] = ratio[TRAIN] * total[c];
            wantedOfClass[VAL][c] = ratio[VAL] * total[c];
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        Set<Integer> unassigned = new LinkedHashSet<>(order);
        int[] side = new int[n];
        while (!unassigned.isEmpty()) {
            int[] left = new int[classes];
            for (int i : unassigned) {
                for (int c = 0; c < classes; c++) {
                    left[c] += y[i][c] ? 1 : 0;
                }
            }
            int rarest = -1;
            for (int c = 0; c < classes; c++) {
                if (left[c] > 0 && (rarest < 0 || left[c] < left[rarest])) {
                    rarest = c;
                }
            }
            List<Integer> batch = new ArrayList<>();
            for (int i : unassigned) {
                if (rarest < 0 || y[i][rarest]) {
                    batch.add(i);
                }
            }
            for (int i : batch) {
                int s;
                if (rarest >= 0 && wantedOfClass[TRAIN][rarest] != wantedOfClass[VAL][rarest]) {
                    s = wantedOfClass[TRAIN][rarest] > wantedOfClass[VAL][rarest] ? TRAIN : VAL;
                } else if (wanted[TRAIN] != wanted[VAL]) {
                    s = wanted[TRAIN] > wanted[VAL] ? TRAIN : VAL;
                } else {
                    s = random.nextBoolean() ? TRAIN : VAL;
                }
                side[i] = s;
                unassigned.remove(i);
                wanted[s]--;
                for (int c = 0; c < classes; c++) {
                    if (y[i][c]) {
                        wantedOfClass[s][c]--;
                    }
                }
            }
        }
        return side;
    }

    private static void repair(boolean[][] y, int[] total, int[] side) {
        int classes = total.length;
        for (int pass = 0; pass < 3; pass++) {
            boolean changed = false;
            for (int c = 0; c < classes; c++) {
                if (total[c] < 2) {
                    continue;
                }
                for (int to : new int[] {TRAIN, VAL}) {
                    int from = 1 - to;
                    if (count(y, side, c, to) > 0) {
                        continue;
                    }
                    int mover = leastNeeded(y, total, side, from, c);
                    if (mover < 0) {
                        continue;
                    }
                    side[mover] = to;
                    changed = true;
                    int back = leastNeeded(y, total, side, to, -1);
                    if (back >= 0 && back != mover) {
                        side[back] = from;
                    }
                }
            }
            if (!changed) {
                break;
            }
        }
        for (int c = 0; c < classes; c++) {
            if (total[c] >= 2 && (count(y, side, c, TRAIN) == 0 || count(y, side, c, VAL) == 0)) {
                LOG.warn("class {} ({} images) could not be put on both sides of the split", c, total[c]);
            }
        }
    }

    /**
     * An image on side {@code from} (with class {@code mustHave}, unless -1) whose leaving takes no class
     * of total >= 2 below one image there (the class {@code mustHave} has no image on the other side,
     * so its count on {@code from} is >= 2); among those, the one with the fewest classes; -1 if none.
     */
    private static int leastNeeded(boolean[][] y, int[] total, int[] side, int from, int mustHave) {
        int best = -1;
        int bestLabels = Integer.MAX_VALUE;
        for (int i = 0; i < y.length; i++) {
            if (side[i] != from || (mustHave >= 0 && !y[i][mustHave])) {
                continue;
            }
            boolean harmless = true;
            int labels = 0;
            for (int c = 0; c < total.length && harmless; c++) {
                if (y[i][c]) {
                    labels++;
                    harmless = total[c] < 2 || count(y, side, c, from) > 1;
                }
            }
            if (harmless && labels < bestLabels) {
                best = i;
                bestLabels = labels;
            }
        }
        return best;
    }

    private static int count(boolean[][] y, int[] side, int c, int s) {
        int n = 0;
        for (int i = 0; i < y.length; i++) {
            if (side[i] == s && y[i][c]) {
                n++;
            }
        }
        return n;
    }
}
