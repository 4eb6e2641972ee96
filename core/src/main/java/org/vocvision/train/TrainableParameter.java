package org.vocvision.train;

import ai.djl.nn.Parameter;

/**
 * A parameter the optimiser updates, with its group's settings.
 *
 * @param name the parameter's path in the model ({@code Block.getParameters()} key), stable across runs
 * @param parameter the DJL parameter; its array's gradient is what the step uses
 * @param lrMultiplier the factor on the learning rate (e.g. 0.1 for a pretrained backbone)
 * @param decays whether weight decay applies (not to biases and normalisation parameters)
 */
public record TrainableParameter(String name, Parameter parameter, double lrMultiplier, boolean decays) {

    /**
     * Weight decay skips biases and normalisation scales/shifts, as torchvision's classification
     * reference ({@code references/classification/utils.py set_weight_decay}, norm_weight_decay=0)
     * and timm: decay only tensors of rank >= 2.
     */
    static boolean decaysByDefault(Parameter parameter) {
        return switch (parameter.getType()) {
            case BIAS, GAMMA, BETA, RUNNING_MEAN, RUNNING_VAR -> false;
            default -> parameter.getArray().getShape().dimension() > 1;
        };
    }
}
