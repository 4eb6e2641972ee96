package org.vocvision.train;

import ai.djl.nn.Block;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import org.vocvision.model.ModelOptions;

/**
 * Transfer learning's settings, as Keras's "freeze the base, train the head, then fine-tune": the
 * head trains alone for {@code freezeEpochs} (backbone frozen, its batch norm in inference mode), then
 * the stages of {@code unfreeze} (see {@link Finetuning#parse}); an unfrozen backbone learns at
 * {@code backboneLrMultiplier} times the schedule's rate.
 *
 * @param freezeEpochs epochs of head-only training (0: none)
 * @param unfreeze the stages after them, e.g. {@code "last-block,all@5"}; null or blank: everything at once
 * @param backboneLrMultiplier factor on the backbone's learning rate (1: the same as the head's)
 */
public record TransferSettings(int freezeEpochs, String unfreeze, double backboneLrMultiplier) {

    /** Everything trains from the first epoch at one learning rate. */
    public static final TransferSettings NONE = new TransferSettings(0, null, 1.0);

    public TransferSettings {
        // parsing with empty parts checks the numbers and the stage names now, not epochs into a run
        Finetuning.parse(new TrainableParts(List.of(), List.of(), on -> { }), freezeEpochs, unfreeze,
                backboneLrMultiplier);
    }

    /** Whether this changes anything over plain training; not a field of config.json (it derives from the three). */
    @JsonIgnore
    public boolean isNone() {
        return freezeEpochs == 0 && (unfreeze == null || unfreeze.isBlank()) && backboneLrMultiplier == 1.0;
    }

    /** The schedule for {@code model} (a Zoo model called {@code name}), or null when {@link #isNone()}. */
    public Finetuning finetuning(Block model, String name, ModelOptions options) {
        if (isNone()) {
            return null;
        }
        return Finetuning.parse(TrainableParts.of(model, name, options), freezeEpochs, unfreeze, backboneLrMultiplier);
    }
}
