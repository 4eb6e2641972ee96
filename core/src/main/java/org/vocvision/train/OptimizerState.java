package org.vocvision.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Named per-parameter state tensors (moments, step counters) living next to the parameter
 * they belong to; serialised as an {@link NDList} whose arrays are named {@code slot/parameter}.
 */
final class OptimizerState {

    private final Map<String, NDArray> slots = new LinkedHashMap<>();

    /** The slot for a parameter, created as zeros like it on first use (outside any step scope). */
    NDArray get(String slot, TrainableParameter parameter) {
        return slots.computeIfAbsent(slot + "/" + parameter.name(), key -> {
            NDArray zeros = parameter.parameter().getArray().zerosLike();
            NDScope.unregister(zeros);
            return zeros;
        });
    }

    /** A scalar slot for a parameter (a step counter), 0 on first use. */
    NDArray scalar(String slot, TrainableParameter parameter) {
        return slots.computeIfAbsent(slot + "/" + parameter.name(), key -> {
            NDArray zero = parameter.parameter().getArray().getManager().create(0f);
            NDScope.unregister(zero);
            return zero;
        });
    }

    boolean has(String slot, TrainableParameter parameter) {
        return slots.containsKey(slot + "/" + parameter.name());
    }

    NDList toList() {
        return NamedArrays.copies(slots);
    }

    void load(NDList list, List<TrainableParameter> parameters) {
        slots.values().forEach(NDArray::close);
        slots.clear();
        Map<String, TrainableParameter> byName = new LinkedHashMap<>();
        parameters.forEach(p -> byName.put(p.name(), p));
        for (NDArray array : list) {
            String key = array.getName();
            String parameterName = key.substring(key.indexOf('/') + 1);
            TrainableParameter owner = byName.get(parameterName);
            if (owner == null) {
                throw new IllegalArgumentException("optimiser state for unknown parameter " + parameterName);
            }
            NDArray copy = array.duplicate();
            copy.attach(owner.parameter().getArray().getManager());
            NDScope.unregister(copy);
            slots.put(key, copy);
        }
    }
}
