package org.vocvision.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What a checkpoint says about the model it holds, so {@code predict --run DIR} needs nothing else
 * (Tribuo-style provenance).
 *
 * @param model the registry name (model.Zoo), e.g. "mobilenet_v2"
 * @param config the caller's Jackson-serialisable configuration (recipe, input size, ...)
 * @param classes the class names in output order
 * @param thresholds per-class decision thresholds, or null until tuned
 */
public record ModelCard(String model, JsonNode config, List<String> classes, JsonNode thresholds) {

    public ModelCard {
        classes = List.copyOf(classes);
    }
}
