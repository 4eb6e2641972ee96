package org.vocvision.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A built-in VOC-like data set: textured objects of the 20 classes on cluttered backgrounds, with
 * exact masks, so the whole tool chain can be run and tested without downloading VOC.
 *
 * <p>Each sample is drawn from its own random stream, seeded by (seed, index), so samples can be
 * made in any order and on any number of threads and still come out byte for byte the same.
 * Each class has its own hue, finely spaced, and a silhouette and a texture shared with other
 * classes (see {@link ClassStyle}), so colour, shape and pattern each help and together decide.
 * Image sizes follow VOC's (mostly 500x375 and 375x500), scaled to the chosen long side; "person" is
 * three times as frequent as each other class, as in VOC and the course competition (about 207 of
 * 749 training images).
 */
public final class SyntheticVoc {

    /** VOC's common image sizes (width, height) and how often each is drawn, in parts. */
    private static final int[][] SIZES = {
        {500, 375, 40}, {375, 500, 15}, {500, 333, 20}, {333, 500, 8}, {500, 500, 5},
        {500, 400, 6}, {400, 500, 3}, {500, 281, 2}, {112, 500, 1}
    };
    private static final int PERSON = VocClasses.indexOf("person");
    /** Objects per image: 1 to 3, in parts (mostly one, large enough to learn from 200 images). */
    private static final int[] OBJECT_COUNT_PARTS = {55, 30, 15};
    /** An object's hue lies within this many degrees of its class's (classes are 18 degrees apart). */
    private static final double HUE_JITTER = 4;
    /** Objects lean at most this many degrees either way. */
    private static final double MAX_TILT = 25;

    private final long seed;
    private final int longSide;
    private final boolean voidBand;

    private SyntheticVoc(Builder builder) {
        this.seed = builder.seed;
        this.longSide = builder.longSide;
        this.voidBand = builder.voidBand;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Width of the void band on each side of an object boundary, like VOC's 5-pixel band at 500 px. */
    public int bandWidth() {
        return Math.max(1, longSide / 100);
    }

    /** The fewest visible (non-void) mask pixels a class needs to count as present in an image. */
    static int minVisiblePixels(int height, int width) {
        return Math.max(16, height * width / 400);
    }

    /**
     * The samples with indices 0..count-1, ids {@code idPrefix + index}, made in parallel (Java cannot
     * overload {@code generate(String, int)} by return type, hence the name).
     */
    public List<Sample> samples(String idPrefix, int count) {
        return IntStream.range(0, count).parallel()
                .mapToObj(i -> generate(idPrefix + i, i))
                .toList();
    }

    /**
     * Writes a generated data set to {@code out} in {@code layout}, byte for byte what the readers read:
     * {@code trainCount} labelled images and {@code testCount} test images (unlabelled, no masks). The
     * competition layout gives every training image a mask and numbers both sets from 0, as the course's
     * data does. The VOC layout holds a stratified fifth of the training images out as val and, like the
     * real VOCdevkit, has segmentation masks for only about a third of them ({@link #hasVocMask}).
     */
    public void write(Path out, Layout layout, int trainCount, int testCount) {
        InMemoryDataset data = dataset(layout, trainCount, testCount);
        List<Sample> train = data.ids("train").stream().map(id -> data.load("train", id)).toList();
        List<Sample> test = data.ids("test").stream().map(id -> data.load("test", id)).toList();
        if (layout == Layout.COMPETITION) {
            DatasetWriter.write(out, layout, train, test);
        } else {
            TrainValSplit split = StratifiedSplit.of(train, 0.2, seed);
            DatasetWriter.writeVoc(out, train, split.val(), test);
        }
    }

    /** The competition-layout data set: {@code dataset(Layout.COMPETITION, trainCount, testCount)}. */
    public InMemoryDataset dataset(int trainCount, int testCount) {
        return dataset(Layout.COMPETITION, trainCount, testCount);
    }

    /**
     * An in-memory data set with splits "train" ({@code trainCount} labelled images) and "test"
     * ({@code testCount} images with unknown labels and no masks), named as the layout names them:
     * {@link Layout#COMPETITION} numbers BOTH splits from 0 (train id 7 and test id 7 are different
     * images of different sizes); {@link Layout#VOC} names images {@code 2009_000000} onwards, unique
     * across splits, and keeps the masks of only about a third of the training images.
     */
    public InMemoryDataset dataset(Layout layout, int trainCount, int testCount) {
        if (trainCount < 0 || testCount < 0) {
            throw new IllegalArgumentException("sample counts must be >= 0, got " + trainCount + " and " + testCount);
        }
        boolean voc = layout == Layout.VOC;
        List<Sample> all = IntStream.range(0, trainCount + testCount).parallel()
                .mapToObj(i -> {
                    boolean isTest = i >= trainCount;
                    String id = voc ? String.format(java.util.Locale.ROOT, "2009_%06d", i)
                            : Integer.toString(isTest ? i - trainCount : i);
                    Sample s = generate(id, i);
                    if (isTest) {
                        return new Sample(id, s.image(), Sample.unknownLabels(), null, s.source());
                    }
                    return voc && !hasVocMask(i) ? new Sample(id, s.image(), s.labels(), null, s.source()) : s;
                })
                .toList();
        Map<String, List<Sample>> splits = new LinkedHashMap<>();
        splits.put("train", all.subList(0, trainCount));
        splits.put("test", all.subList(trainCount, all.size()));
        return new InMemoryDataset(layout, root(), splits);
    }

    /**
     * Whether training image {@code index} keeps its mask in the VOC layout: about one in three, as in
     * the real VOCdevkit (VOC2012: 2913 of 11540 trainval images), drawn per index from the seed.
     */
    public boolean hasVocMask(int index) {
        return new SplittableRandom(Seeds.mix(seed, index, 3)).nextInt(3) == 0;
    }

    private Path root() {
        return Path.of("synthetic", "seed-" + seed);
    }

    /** The sample with this index; the same (seed, options, index) always gives the same bytes. */
    public Sample generate(String id, int index) {
        SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, index));
        int[] size = SIZES[pick(rng, Arrays.stream(SIZES).mapToInt(s -> s[2]).toArray())];
        double scale = longSide / 500.0;
        int width = Math.max(1, (int) Math.round(size[0] * scale));
        int height = Math.max(1, (int) Math.round(size[1] * scale));

        byte[] pixels = new byte[height * width * 3];
        paintBackground(pixels, height, width, rng);
        int distractors = 1 + rng.nextInt(3);
        for (int i = 0; i < distractors; i++) {
            paintDistractor(pixels, height, width, rng);
        }

        int minVisible = minVisiblePixels(height, width);
        List<PlacedObject> objects = new ArrayList<>();
        int wanted = 1 + pick(rng, OBJECT_COUNT_PARTS);
        double coverage = 0.3 + 0.3 * rng.nextDouble();
        double[] shares = new double[wanted];
        double shareSum = 0;
        for (int i = 0; i < wanted; i++) {
            shares[i] = 0.5 + rng.nextDouble();
            shareSum += shares[i];
        }
        for (int i = 0; i < wanted; i++) {
            objects.add(place(height, width, coverage * shares[i] / shareSum, rng));
        }

        // Occlusion can hide an object almost entirely: drop the least visible one until every
        // object shows enough pixels outside the void band, so labels match the mask.
        byte[] owner = new byte[height * width];
        byte[] classes = new byte[height * width];
        boolean[] band = new boolean[height * width];
        for (int attempt = 0; ; attempt++) {
            if (objects.isEmpty()) {
                objects.add(place(height, width, coverage, rng));
            }
            int[] interior = render(objects, owner, classes, band, height, width);
            int worst = 0;
            for (int i = 1; i < objects.size(); i++) {
                if (interior[i] < interior[worst]) {
                    worst = i;
                }
            }
            if (interior[worst] >= minVisible) {
                break;
            }
            if (attempt > 50) {
                throw new IllegalStateException("synthetic sample " + index + ": no visible object after 50 attempts");
            }
            objects.remove(worst);
        }

        for (int i = 0; i < objects.size(); i++) {
            paintObject(pixels, owner, (byte) (i + 1), objects.get(i), height, width, rng);
        }
        byte[] maskValues = classes.clone();
        if (voidBand) {
            for (int p = 0; p < maskValues.length; p++) {
                if (band[p]) {
                    maskValues[p] = (byte) VocClasses.VOID;
                }
            }
        }
        Mask mask = new Mask(height, width, maskValues);
        return new Sample(id, new RgbImage(height, width, pixels), labelsOf(mask, minVisible), mask,
                root().resolve(id));
    }

    /** PRESENT for each class with at least {@code minVisible} pixels in the mask, else ABSENT. */
    private static Label[] labelsOf(Mask mask, int minVisible) {
        int[] counts = new int[VocClasses.COUNT + 1];
        for (byte b : mask.values()) {
            int v = b & 0xFF;
            if (v <= VocClasses.COUNT) {
                counts[v]++;
            }
        }
        Label[] labels = new Label[VocClasses.COUNT];
        for (int c = 0; c < VocClasses.COUNT; c++) {
            labels[c] = counts[c + 1] >= minVisible ? Label.PRESENT : Label.ABSENT;
        }
        return labels;
    }

    private static int pick(SplittableRandom rng, int[] parts) {
        int total = Arrays.stream(parts).sum();
        int r = rng.nextInt(total);
        for (int i = 0; i < parts.length; i++) {
            r -= parts[i];
            if (r < 0) {
                return i;
            }
        }
        throw new AssertionError("unreachable");
    }

    private static int pickClass(SplittableRandom rng) {
        int r = rng.nextInt(VocClasses.COUNT + 2);
        return r >= VocClasses.COUNT ? PERSON : r;
    }

    /** An object of a random class whose silhouette covers about {@code area} of the image. */
    private static PlacedObject place(int height, int width, double area, SplittableRandom rng) {
        int cls = pickClass(rng);
        ClassStyle style = ClassStyle.of(cls);
        double aspect = Math.exp((rng.nextDouble() - 0.5) * 0.4);
        double r = Math.sqrt(area * height * width / (4 * style.shape().fill()));
        r = Math.min(r, 0.6 * Math.max(height, width));
        r = Math.max(r, 3);
        // upright within 25 degrees, as VOC's objects mostly are: a class keeps its silhouette's orientation
        double angle = Math.toRadians((rng.nextDouble() - 0.5) * 2 * MAX_TILT);
        double cx = width * (0.1 + 0.8 * rng.nextDouble());
        double cy = height * (0.1 + 0.8 * rng.nextDouble());
        double hue = style.hue() + (rng.nextDouble() - 0.5) * 2 * HUE_JITTER;
        // saturated and bright, with a dark tone that keeps the hue: 18 degrees apart, classes stay apart in RGB
        double saturation = 0.75 + 0.2 * rng.nextDouble();
        double value = 0.8 + 0.2 * rng.nextDouble();
        int[] light = hsv(hue, saturation, value);
        int[] dark = hsv(hue + (rng.nextDouble() - 0.5) * 2 * HUE_JITTER, saturation, value * (0.45 + 0.15 * rng.nextDouble()));
        return new PlacedObject(cls, style, cx, cy, r * Math.sqrt(aspect), r / Math.sqrt(aspect),
                Math.cos(angle), Math.sin(angle), rng.nextDouble(), 2.5 + 1.5 * rng.nextDouble(), rng.nextDouble(),
                light, dark);
    }

    /**
     * Draws the objects' silhouettes in order (later ones occlude earlier ones) into {@code owner}
     * (object number, 0 for none) and {@code classes} (mask values), marks the void band and
     * returns each object's visible pixels outside the band.
     */
    private int[] render(List<PlacedObject> objects, byte[] owner, byte[] classes, boolean[] band, int height, int width) {
        Arrays.fill(owner, (byte) 0);
        for (int i = 0; i < objects.size(); i++) {
            PlacedObject o = objects.get(i);
            int[] box = o.bounds(height, width);
            for (int y = box[1]; y < box[3]; y++) {
                for (int x = box[0]; x < box[2]; x++) {
                    if (o.contains(x + 0.5, y + 0.5)) {
                        owner[y * width + x] = (byte) (i + 1);
                    }
                }
            }
        }
        for (int p = 0; p < owner.length; p++) {
            classes[p] = owner[p] == 0 ? 0 : (byte) (objects.get(owner[p] - 1).cls() + 1);
        }
        VoidBand.mark(classes, height, width, bandWidth(), band);
        int[] interior = new int[objects.size()];
        for (int p = 0; p < owner.length; p++) {
            if (owner[p] != 0 && !band[p]) {
                interior[owner[p] - 1]++;
            }
        }
        return interior;
    }

    /** A dull gradient with smooth noise and a faint pattern: clutter without a class's saturation. */
    private static void paintBackground(byte[] pixels, int height, int width, SplittableRandom rng) {
        int[] from = hsv(rng.nextDouble() * 360, 0.25 * rng.nextDouble(), 0.25 + 0.6 * rng.nextDouble());
        int[] to = hsv(rng.nextDouble() * 360, 0.25 * rng.nextDouble(), 0.25 + 0.6 * rng.nextDouble());
        double angle = rng.nextDouble() * 2 * Math.PI;
        double gx = Math.cos(angle) / width;
        double gy = Math.sin(angle) / height;
        double noiseAmplitude = 15 + 25 * rng.nextDouble();
        double noiseScale = (3 + 5 * rng.nextDouble()) / Math.max(height, width);
        long noiseSeed = rng.nextLong();
        Texture pattern = Texture.values()[rng.nextInt(Texture.values().length)];
        double patternAmplitude = 12 * rng.nextDouble();
        double patternFrequency = 3 + 6 * rng.nextDouble();
        double patternPhase = rng.nextDouble();
        double half = Math.max(height, width) / 2.0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double t = Math.min(1, Math.max(0, 0.5 + (x - width / 2.0) * gx + (y - height / 2.0) * gy));
                double n = (Texture.valueNoise(x * noiseScale, y * noiseScale, noiseSeed) - 0.5) * noiseAmplitude;
                double pat = (pattern.at((x - half) / half, (y - half) / half, patternFrequency, patternPhase) - 0.5)
                        * patternAmplitude;
                int p = (y * width + x) * 3;
                for (int c = 0; c < 3; c++) {
                    double v = from[c] + (to[c] - from[c]) * t + n + pat + (rng.nextInt(9) - 4);
                    pixels[p + c] = clamp(v);
                }
            }
        }
    }

    /**
     * A flat-coloured line or blob that belongs to no class (its mask stays background), at most half
     * as saturated as an object's colours can be, so it clutters without imitating a class's hue.
     */
    private static void paintDistractor(byte[] pixels, int height, int width, SplittableRandom rng) {
        int[] colour = hsv(rng.nextDouble() * 360, 0.5 * rng.nextDouble(), 0.2 + 0.8 * rng.nextDouble());
        int longSide = Math.max(height, width);
        double cx = rng.nextDouble() * width;
        double cy = rng.nextDouble() * height;
        boolean line = rng.nextBoolean();
        double angle = rng.nextDouble() * Math.PI;
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double halfLength = line ? longSide * (0.15 + 0.3 * rng.nextDouble()) : longSide * (0.02 + 0.04 * rng.nextDouble());
        double halfThickness = line ? Math.max(0.6, longSide * 0.008 * (1 + rng.nextDouble())) : halfLength;
        int reach = (int) Math.ceil(halfLength + halfThickness) + 1;
        for (int y = Math.max(0, (int) cy - reach); y < Math.min(height, (int) cy + reach); y++) {
            for (int x = Math.max(0, (int) cx - reach); x < Math.min(width, (int) cx + reach); x++) {
                double dx = x + 0.5 - cx;
                double dy = y + 0.5 - cy;
                double along = dx * cos + dy * sin;
                double across = -dx * sin + dy * cos;
                boolean inside = line
                        ? Math.abs(along) <= halfLength && Math.abs(across) <= halfThickness
                        : Math.abs(along) + Math.abs(across) <= halfLength; // a diamond, no class's silhouette
                if (inside) {
                    int p = (y * width + x) * 3;
                    for (int c = 0; c < 3; c++) {
                        pixels[p + c] = (byte) colour[c];
                    }
                }
            }
        }
    }

    private static void paintObject(byte[] pixels, byte[] owner, byte number, PlacedObject o, int height, int width,
            SplittableRandom rng) {
        int[] box = o.bounds(height, width);
        Texture texture = o.style().texture();
        for (int y = box[1]; y < box[3]; y++) {
            for (int x = box[0]; x < box[2]; x++) {
                if (owner[y * width + x] != number) {
                    continue;
                }
                double[] uv = o.local(x + 0.5, y + 0.5);
                double t = texture.at(uv[0], uv[1], o.frequency(), o.phase());
                int p = (y * width + x) * 3;
                int jitter = rng.nextInt(13) - 6;
                for (int c = 0; c < 3; c++) {
                    pixels[p + c] = clamp(o.dark()[c] + (o.light()[c] - o.dark()[c]) * t + jitter);
                }
            }
        }
    }

    private static byte clamp(double v) {
        return (byte) Math.max(0, Math.min(255, (int) Math.round(v)));
    }

    /** HSV (hue in degrees, saturation and value in [0, 1]) to 0..255 RGB. */
    static int[] hsv(double hue, double saturation, double value) {
        double h = ((hue % 360) + 360) % 360 / 60;
        double s = Math.max(0, Math.min(1, saturation));
        double v = Math.max(0, Math.min(1, value));
        int sector = (int) Math.floor(h) % 6;
        double f = h - Math.floor(h);
        double p = v * (1 - s);
        double q = v * (1 - s * f);
        double t = v * (1 - s * (1 - f));
        double[] rgb = switch (sector) {
            case 0 -> new double[] {v, t, p};
            case 1 -> new double[] {q, v, p};
            case 2 -> new double[] {p, v, t};
            case 3 -> new double[] {p, q, v};
            case 4 -> new double[] {t, p, v};
            default -> new double[] {v, p, q};
        };
        return new int[] {(int) Math.round(rgb[0] * 255), (int) Math.round(rgb[1] * 255), (int) Math.round(rgb[2] * 255)};
    }

    /** One object in an image: its class, style and pose, and the parameters of its pattern. */
    private record PlacedObject(int cls, ClassStyle style, double cx, double cy, double rx, double ry,
            double cos, double sin, double shapeParameter, double frequency, double phase, int[] light, int[] dark) {

        /** The point (x, y) of the image in the object's frame, [-1, 1] across its bounding box. */
        double[] local(double x, double y) {
            double dx = x - cx;
            double dy = y - cy;
            return new double[] {(dx * cos + dy * sin) / rx, (-dx * sin + dy * cos) / ry};
        }

        boolean contains(double x, double y) {
            double dx = x - cx;
            double dy = y - cy;
            return style.shape().contains((dx * cos + dy * sin) / rx, (-dx * sin + dy * cos) / ry, shapeParameter);
        }

        /** {x0, y0, x1, y1}, clipped to the image: the rotated bounding box's pixels. */
        int[] bounds(int height, int width) {
            double ex = Math.abs(rx * cos) + Math.abs(ry * sin);
            double ey = Math.abs(rx * sin) + Math.abs(ry * cos);
            return new int[] {
                Math.max(0, (int) Math.floor(cx - ex)), Math.max(0, (int) Math.floor(cy - ey)),
                Math.min(width, (int) Math.ceil(cx + ex) + 1), Math.min(height, (int) Math.ceil(cy + ey) + 1)
            };
        }
    }

    public static final class Builder {
        private long seed = 0;
        private int longSide = 128;
        private boolean voidBand = false;

        private Builder() {}

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The long side of every image in pixels (VOC's is 500); default 128. */
        public Builder optLongSide(int longSide) {
            this.longSide = longSide;
            return this;
        }

        /** Whether masks carry VOC's void (255) band along object boundaries; default false (competition masks). */
        public Builder optVoidBand(boolean voidBand) {
            this.voidBand = voidBand;
            return this;
        }

        public SyntheticVoc build() {
            if (longSide < 32 || longSide > 4096) {
                throw new IllegalArgumentException("longSide must be in 32..4096, got " + longSide);
            }
            return new SyntheticVoc(this);
        }
    }
}
