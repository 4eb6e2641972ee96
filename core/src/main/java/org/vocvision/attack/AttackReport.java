package org.vocvision.attack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;

/**
 * {@code attack.json}: {@code {"method": .., "task": .., "metric_name": .., "results": [{"eps", "success_rate", "metric",
 * "linf", "l2", "psnr", "ssim", "images"}, ...]}}, one entry per eps. JSON has no infinity or NaN: a PSNR of an
 * unchanged set (eps 0) and a missing metric or success rate are written as {@code null}.
 */
public record AttackReport(String method, String task, String metricName, List<EpsResult> results) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The JSON document. */
    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("method", method);
        root.put("task", task);
        root.put("metric_name", metricName);
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
            o.put("images", r.images());
        }
        return root;
    }

    /** The JSON text, indented. */
    public String toJsonString() throws IOException {
        return JSON.writeValueAsString(toJson());
    }

    private static void number(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }
}
