package org.vocvision.train;

import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Staged transfer learning: which parts train from which epoch, and the backbone's learning-rate
 * multiplier. Epochs before the first stage train the head only.
 *
 * @param parts backbone / last block / head split of the model
 * @param stages the 0-based epoch at which each stage starts
 * @param backboneLrMultiplier factor on the learning rate of backbone parameters once unfrozen
 */
public record Finetuning(TrainableParts parts, NavigableMap<Integer, Stage> stages, double backboneLrMultiplier) {

    /** What trains. */
    public enum Stage {
        /** Head only; the whole backbone frozen and in inference mode. */
        HEAD,
        /** Head and the backbone's last block; the rest of the backbone frozen, the backbone's batch norm
         * still in inference mode (its statistics stay those of pretraining). */
        LAST_BLOCK,
        /** Everything, backbone in training mode. */
        ALL
    }

    public Finetuning {
        if (backboneLrMultiplier <= 0) {
            throw new IllegalArgumentException("backbone lr multiplier must be > 0, got " + backboneLrMultiplier);
        }
        stages = new TreeMap<>(stages);
        stages.putIfAbsent(0, Stage.HEAD);
    }

    /**
     * Head only for {@code freezeEpochs}, then the stages of {@code spec}: comma-separated
     * {@code last-block@E} / {@code all@E} with 0-based start epochs; a stage without {@code @E}
     * starts at {@code freezeEpochs}. Example: freeze 2, "last-block,all@5".
     */
    public static Finetuning parse(TrainableParts parts, int freezeEpochs, String spec, double backboneLrMultiplier) {
        if (freezeEpochs < 0) {
            throw new IllegalArgumentException("freeze epochs must be >= 0, got " + freezeEpochs);
        }
        NavigableMap<Integer, Stage> stages = new TreeMap<>();
        stages.put(0, freezeEpochs > 0 ? Stage.HEAD : Stage.ALL);
        if (spec == null || spec.isBlank()) {
            stages.put(freezeEpochs, Stage.ALL);
        } else {
            for (String item : spec.split(",")) {
                String[] pieces = item.trim().split("@");
                Stage stage = switch (pieces[0].trim().toLowerCase(Locale.ROOT)) {
                    case "head" -> Stage.HEAD;
                    case "last-block" -> Stage.LAST_BLOCK;
                    case "all" -> Stage.ALL;
                    default -> throw new IllegalArgumentException(
                            "unknown fine-tuning stage '" + pieces[0].trim() + "'; use head, last-block or all");
                };
                int start = freezeEpochs;
                if (pieces.length == 2) {
                    try {
                        start = Integer.parseInt(pieces[1].trim());
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("stage start must be an epoch number: '" + item.trim() + "'");
                    }
                }
                if (pieces.length > 2 || start < 0) {
                    throw new IllegalArgumentException("bad fine-tuning stage '" + item.trim() + "', expected name@epoch");
                }
                stages.put(start, stage);
            }
        }
        return new Finetuning(parts, stages, backboneLrMultiplier);
    }

    /** The stage in force at a 0-based epoch. */
    public Stage at(int epoch) {
        Map.Entry<Integer, Stage> entry = stages.floorEntry(epoch);
        return entry.getValue();
    }
}
