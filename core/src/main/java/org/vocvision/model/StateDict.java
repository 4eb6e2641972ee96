package org.vocvision.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vocvision.data.InvalidDataException;

/**
 * A network's parameters under PyTorch {@code state_dict} names, to load torchvision/timm weights and
 * to export ours for {@code load_state_dict}.
 *
 * <p>The names follow from the block tree, which each architecture builds with torchvision's (or timm's)
 * module names: a named child keeps its name ({@code layer1}, {@code conv1}, {@code downsample}), a child
 * of a {@link SequentialBlock} is its index as in {@code nn.Sequential} (parameter-free ReLU and pooling
 * layers occupy indices there too, as in torch), and DJL's parameter names become torch's
 * ({@code gamma -> weight}, {@code beta -> bias}, {@code runningMean -> running_mean}). Loading matches
 * these NAMES, never positions; torch's {@code num_batches_tracked} counters carry no weights and are
 * skipped.
 */
public final class StateDict {

    private static final Logger LOG = LoggerFactory.getLogger(StateDict.class);
    private static final Map<String, String> TORCH_PARAMETER = Map.of(
            "gamma", "weight", "beta", "bias", "runningMean", "running_mean", "runningVar", "running_var",
            "weight", "weight", "bias", "bias", "layer_scale", "layer_scale");

    private StateDict() {}

    /** The network's parameters keyed by their torch names, in the network's order. */
    public static Map<String, Parameter> parameters(Block block) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect(NormalizedModel.unwrap(block), "", out);
        return out;
    }

    private static void collect(Block block, String prefix, Map<String, Parameter> out) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            String torch = TORCH_PARAMETER.get(p.getKey());
            if (torch == null) {
                throw new IllegalStateException("no torch name for DJL parameter " + p.getKey() + " at " + prefix);
            }
            out.put(prefix + torch, p.getValue());
        }
        ai.djl.nn.BlockList children = block.getChildren();
        for (int i = 0; i < children.size(); i++) {
            Pair<String, Block> c = children.get(i);
            collect(c.getValue(), prefix + Modules.childName(block, i) + ".", out);
        }
    }

    /**
     * Reads a weight file ({@code torch.save}'s .pth/.pt/.bin in either format, or .safetensors; see
     * {@link WeightFile}) and loads it into an initialised network; see {@link LoadOptions}.
     */
    public static void load(Block network, Path file, LoadOptions options) throws IOException {
        long start = System.nanoTime();
        try (NDManager scratch = firstArray(network).getManager().newSubManager()) {
            Map<String, NDArray> tensors = WeightFile.read(scratch, file);
            load(network, tensors, file, options);
        }
        LOG.info("loaded {} in {} ms", file, (System.nanoTime() - start) / 1_000_000);
    }

    private static NDArray firstArray(Block network) {
        for (Parameter p : parameters(network).values()) {
            if (!p.isInitialized()) {
                throw new IllegalStateException("initialise the network before loading weights (parameter "
                        + p.getName() + " has no array yet)");
            }
            return p.getArray();
        }
        throw new IllegalStateException("the network has no parameters");
    }

    /** Loads named tensors (any numeric dtype, converted to the network's); {@code source} names the file in errors and logs. */
    public static void load(Block network, Map<String, NDArray> tensors, Path source, LoadOptions options) {
        Map<String, Parameter> params = parameters(network);
        Map<String, Shape> shapes = new LinkedHashMap<>();
        params.forEach((k, p) -> shapes.put(k, p.getArray().getShape()));
        Map<String, NDArray> file = new LinkedHashMap<>();
        TimmNames.toTorchvision(tensors, shapes).forEach((k, v) -> {
            if (!k.endsWith("num_batches_tracked")) {
                file.put(k, v);
            }
        });
        for (String unused : options.unusedPrefixes()) {
            if (params.keySet().stream().noneMatch(k -> k.startsWith(unused))) {
                int before = file.size();
                file.keySet().removeIf(k -> k.startsWith(unused));
                if (file.size() < before) {
                    LOG.info("{}: dropping {}* ({} tensors): the network has no such part", source, unused,
                            before - file.size());
                }
            }
        }
        String head = options.headPrefix();
        if (head != null && !headFits(params, file, head)) {
            int dropped = 0;
            for (String k : new ArrayList<>(file.keySet())) {
                if (k.startsWith(head)) {
                    file.remove(k);
                    dropped++;
                }
            }
            LOG.info("{}: dropping its head {}* ({} tensors): it does not fit the network's {} classes;"
                    + " the head stays freshly initialised", source, head, dropped, headClasses(params, head));
        }
        List<String> missing = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        Map<String, NDArray> matched = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> p : params.entrySet()) {
            String key = p.getKey();
            boolean isHead = head != null && key.startsWith(head);
            NDArray t = file.remove(key);
            if (t == null) {
                if (!isHead) {
                    missing.add(key);
                }
                continue;
            }
            NDArray dst = p.getValue().getArray();
            if (!dst.getShape().equals(t.getShape())) {
                mismatched.add(key + " (file " + t.getShape() + ", network " + dst.getShape() + ")");
            } else {
                matched.put(key, t);
            }
        }
        List<String> unexpected = options.ignoreUnexpected() ? List.of() : new ArrayList<>(file.keySet());
        if (!missing.isEmpty() || !unexpected.isEmpty() || !mismatched.isEmpty()) {
            StringBuilder msg = new StringBuilder("weights do not fit the network:");
            append(msg, "missing", missing);
            append(msg, "unexpected", unexpected);
            append(msg, "shape mismatch", mismatched);
            throw new InvalidDataException(source, msg.toString());
        }
        for (Map.Entry<String, NDArray> m : matched.entrySet()) {
            NDArray dst = params.get(m.getKey()).getArray();
            dst.set(m.getValue().toType(dst.getDataType(), false).toByteBuffer());
        }
        if (options.ignoreUnexpected() && !file.isEmpty()) {
            LOG.info("{}: {} tensors not used by the backbone (e.g. {})", source, file.size(),
                    file.keySet().iterator().next());
        }
    }

    /** The head fits when the file has every head tensor of the network with equal shapes and no others. */
    private static boolean headFits(Map<String, Parameter> params, Map<String, NDArray> file, String head) {
        Map<String, NDArray> fileHead = new TreeMap<>();
        file.forEach((k, v) -> {
            if (k.startsWith(head)) {
                fileHead.put(k, v);
            }
        });
        int networkHead = 0;
        for (Map.Entry<String, Parameter> p : params.entrySet()) {
            if (p.getKey().startsWith(head)) {
                networkHead++;
                NDArray t = fileHead.get(p.getKey());
                if (t == null || !t.getShape().equals(p.getValue().getArray().getShape())) {
                    return false;
                }
            }
        }
        return networkHead == fileHead.size();
    }

    private static String headClasses(Map<String, Parameter> params, String head) {
        for (Map.Entry<String, Parameter> p : params.entrySet()) {
            if (p.getKey().startsWith(head) && p.getKey().endsWith("bias")) {
                return Long.toString(p.getValue().getArray().getShape().get(0));
            }
        }
        return "?";
    }

    private static void append(StringBuilder msg, String what, List<String> keys) {
        if (!keys.isEmpty()) {
            msg.append(' ').append(keys.size()).append(' ').append(what).append(": ").append(String.join(", ", keys))
                    .append(';');
        }
    }

    /** Writes the network's parameters under their torch names, readable by {@code load_state_dict}. */
    public static void export(Block network, Path out) throws IOException {
        Map<String, NDArray> named = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> p : parameters(network).entrySet()) {
            named.put(p.getKey(), p.getValue().getArray());
        }
        SafeTensors.write(named, out);
        LOG.info("wrote {} tensors to {}", named.size(), out);
    }
}
