package org.vocvision.model;

/**
 * How {@link StateDict#load} matches a weight file to a network.
 *
 * @param headPrefix the classification layer's name prefix; when the file's tensors there do not fit the
 *     network (another class count, another head kind), they are all dropped with a log line and the
 *     network's head keeps its initialisation. Null: the head must fit like everything else.
 * @param ignoreUnexpected accept tensors the network lacks: loading an ImageNet classifier into a
 *     DeepLabV3+ encoder leaves out the classifier by design. Every network tensor must still be there.
 * @param unusedPrefixes file tensors under these prefixes are dropped (with a log line) when the network has
 *     no parameter under them: torchvision's segmentation files carry {@code aux_classifier.*}, which a model
 *     built without the auxiliary head does not use
 */
public record LoadOptions(String headPrefix, boolean ignoreUnexpected, java.util.List<String> unusedPrefixes) {

    public LoadOptions {
        unusedPrefixes = unusedPrefixes == null ? java.util.List.of() : java.util.List.copyOf(unusedPrefixes);
    }

    public LoadOptions(String headPrefix, boolean ignoreUnexpected) {
        this(headPrefix, ignoreUnexpected, java.util.List.of());
    }

    /** The same options, also dropping file tensors under {@code prefixes} that the network does not have. */
    public LoadOptions withUnused(String... prefixes) {
        return new LoadOptions(headPrefix, ignoreUnexpected, java.util.List.of(prefixes));
    }

    /** Every tensor used, every shape equal. */
    public static LoadOptions strict() {
        return new LoadOptions(null, false);
    }

    /** Strict, but a head that does not fit is dropped. */
    public static LoadOptions replacingHead(String headPrefix) {
        return new LoadOptions(headPrefix, false);
    }

    /** A backbone: every network tensor present and fitting, extra file tensors ignored. */
    public static LoadOptions backbone() {
        return new LoadOptions(null, true);
    }
}
