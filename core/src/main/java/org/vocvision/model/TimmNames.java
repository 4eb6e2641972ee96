package org.vocvision.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * timm's names for torchvision's modules, mapped back when a network has torchvision's: timm's VGG keeps
 * the classifier as {@code pre_logits.fc1} (a 7x7 conv), {@code pre_logits.fc2} (a 1x1 conv) and
 * {@code head.fc} ({@code timm/models/vgg.py}, {@code _filter_fn}, which renames and reshapes torchvision's
 * {@code classifier.0/3/6}). A tensor is renamed only where the network lacks timm's name and has
 * torchvision's, and reshaped only to the network's shape with the same element count (a C-order view,
 * the inverse of timm's {@code reshape(-1, 512, 7, 7)}).
 */
final class TimmNames {

    private static final Logger LOG = LoggerFactory.getLogger(TimmNames.class);

    /** timm's prefix to torchvision's. */
    private static final Map<String, String> PREFIXES = Map.of(
            "pre_logits.fc1.", "classifier.0.",
            "pre_logits.fc2.", "classifier.3.",
            "head.fc.", "classifier.6.");

    private TimmNames() {}

    /** The file's tensors under the network's names, where timm's differ. */
    static Map<String, NDArray> toTorchvision(Map<String, NDArray> file, Map<String, Shape> network) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        int renamed = 0;
        for (Map.Entry<String, NDArray> e : file.entrySet()) {
            String name = e.getKey();
            NDArray tensor = e.getValue();
            String torchvision = network.containsKey(name) ? null : torchvisionName(name);
            if (torchvision != null && network.containsKey(torchvision)) {
                Shape shape = network.get(torchvision);
                if (!tensor.getShape().equals(shape) && tensor.getShape().size() == shape.size()) {
                    tensor = tensor.reshape(shape);
                }
                name = torchvision;
                renamed++;
            }
            out.put(name, tensor);
        }
        if (renamed > 0) {
            LOG.info("mapped {} tensors from timm's names to torchvision's (pre_logits.fc1/fc2, head.fc -> classifier.0/3/6)",
                    renamed);
        }
        return out;
    }

    private static String torchvisionName(String name) {
        for (Map.Entry<String, String> p : PREFIXES.entrySet()) {
            if (name.startsWith(p.getKey())) {
                return p.getValue() + name.substring(p.getKey().length());
            }
        }
        return null;
    }
}
