package org.vocvision.attack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code attack.json}: {@code {"method": .., "task": .., "results": [{"eps", "success_rate", "metric",
 * "linf", "l2", "psnr", "ssim"}, ...]}}, one entry per eps. JSON has no infinity or NaN: a PSNR of an
 * unchanged set (eps 0) and a missing metric or success rate are written as {@code null}.
 */
public record AttackReport(String method, Task task, List<EpsResult> results) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The JSON document. */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("method", method);
        root.put("task", task.jsonName());
        ArrayNode array = root.putArray("results");
        for (EpsResult r : results) {
            ObjectNode o = array.addObject();
            o.put("eps", r.eps());
            number(o, "success_rate", r.successRate());
            number(o, "metric", r.metric());
            number(o, "linf", r.linf());
            number(o, "l2", r.l2());
            number(o, "psnr", r.psnr());
            number(o, "ssim", r.ssim());
        }
        return root;
    }

    /** Writes {@code attack.json} into {@code runDir} (created if missing) and returns its path. */
    public Path write(Path runDir) throws IOException {
        Files.createDirectories(runDir);
        Path file = runDir.resolve("attack.json");
        Path tmp = runDir.resolve("attack.json.tmp");
        JSON.writeValue(tmp.toFile(), toJson());
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    private static void number(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }
}
