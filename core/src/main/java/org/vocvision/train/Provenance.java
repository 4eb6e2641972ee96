package org.vocvision.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vocvision.data.Dataset;
import org.vocvision.data.Label;

/**
 * Where a trained model came from (Tribuo's provenance): the data set, its split and exactly which of
 * its images were held out, a content hash of the labels it learned from, and the software that trained
 * it. With it, {@code predict --split val} and {@code attack --split val} find the run's own held-out
 * images, and a resume can check it continues on the same data.
 *
 * @param data the data set directory, as given
 * @param layout voc or competition
 * @param split the labelled split the run drew its training and validation images from
 * @param labelsSha256 SHA-256 over every image id of the split with its labels and whether it has a mask
 *     (read without decoding images): equal for the same annotations
 * @param images images in the split
 * @param valIds the held-out images, in the split's order (the segmenter validates on those with masks)
 * @param gitCommit the commit of the working directory's git checkout, or null
 * @param versions vocvision, DJL, the engine's libtorch and Java
 * @param createdAt when training started (ISO-8601)
 */
public record Provenance(String data, String layout, String split, String labelsSha256, int images,
        List<String> valIds, String gitCommit, Map<String, String> versions, String createdAt) {

    public Provenance {
        valIds = List.copyOf(valIds);
        versions = versions == null ? Map.of() : new LinkedHashMap<>(versions);
    }

    /** The provenance of training on {@code split} of {@code dataset} with {@code valIds} held out. */
    static Provenance of(Dataset dataset, String split, List<String> valIds) {
        List<String> ids = dataset.ids(split);
        return new Provenance(dataset.root().toString(), dataset.layout().name().toLowerCase(java.util.Locale.ROOT),
                split, labelsHash(dataset, split, ids), ids.size(), valIds, gitCommit(Path.of("")), softwareVersions(),
                Instant.now().toString());
    }

    /** The fields a resumed run may not change: everything but the time and the software's versions. */
    Provenance forComparison() {
        return new Provenance(data, layout, split, labelsSha256, images, valIds, null, Map.of(), null);
    }

    static String labelsHash(Dataset dataset, String split, List<String> ids) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String id : ids) {
                StringBuilder line = new StringBuilder(id).append('\t');
                for (Label l : dataset.labels(split, id)) {
                    line.append(l.ordinal());
                }
                line.append(dataset.hasMask(split, id) ? "\tmask\n" : "\n");
                sha.update(line.toString().getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }

    /** The HEAD commit of the git checkout containing {@code dir}, read from .git without running git. */
    static String gitCommit(Path dir) {
        for (Path d = dir.toAbsolutePath(); d != null; d = d.getParent()) {
            Path git = d.resolve(".git");
            if (Files.isDirectory(git)) {
                try {
                    String head = Files.readString(git.resolve("HEAD")).strip();
                    if (!head.startsWith("ref: ")) {
                        return head;
                    }
                    String ref = head.substring(5);
                    Path loose = git.resolve(ref);
                    if (Files.isRegularFile(loose)) {
                        return Files.readString(loose).strip();
                    }
                    Path packed = git.resolve("packed-refs");
                    if (Files.isRegularFile(packed)) {
                        for (String line : Files.readAllLines(packed)) {
                            if (line.endsWith(" " + ref)) {
                                return line.substring(0, line.indexOf(' '));
                            }
                        }
                    }
                } catch (IOException e) {
                    return null;
                }
                return null;
            }
        }
        return null;
    }

    private static Map<String, String> softwareVersions() {
        Map<String, String> v = new LinkedHashMap<>();
        String own = Provenance.class.getPackage().getImplementationVersion();
        v.put("vocvision", own == null ? "dev" : own);
        v.put("djl", ai.djl.engine.Engine.getDjlVersion());
        v.put("engine", ai.djl.engine.Engine.getInstance().getEngineName() + " "
                + ai.djl.engine.Engine.getInstance().getVersion());
        v.put("java", System.getProperty("java.version"));
        return v;
    }
}
