package org.vocvision.model;

/**
 * DeepLab's atrous convolution as a backbone's stage plan (torchvision's {@code replace_stride_with_dilation}
 * for ResNet, VainF/DeepLabV3Plus-Pytorch's {@code output_stride} for MobileNetV2): stages are planned in
 * order; once the running stride has reached the output stride, a stage keeps stride 1 and multiplies the
 * dilation by the stride it gave up, so later features keep the resolution while the receptive field grows
 * as before. A stage's first block still uses the previous dilation (torchvision's {@code _make_layer}).
 *
 * <p>Output stride 32 changes nothing on ResNet and MobileNetV2; 16 dilates their last stride-2 stage, 8 the
 * last two (ResNet: {@code [False, False, True]} and {@code [False, True, True]}).
 */
final class Dilation {

    /** One stage's convolutions: the first block's stride and dilation, then the others' dilation. */
    record Stage(int stride, int firstDilation, int dilation) {}

    private final int outputStride;
    private int stride;
    private int dilation = 1;

    /**
     * @param inputStride the stride of the features the first stage receives (the stem's)
     * @param outputStride 8, 16 or 32
     */
    Dilation(int inputStride, int outputStride) {
        this.outputStride = check(outputStride);
        this.stride = inputStride;
    }

    /** The next stage, which would have stride {@code stageStride}. */
    Stage next(int stageStride) {
        int previousDilation = dilation;
        if (stride >= outputStride) {
            dilation *= stageStride;
            return new Stage(1, previousDilation, dilation);
        }
        stride *= stageStride;
        return new Stage(stageStride, previousDilation, dilation);
    }

    static int check(int outputStride) {
        if (outputStride != 8 && outputStride != 16 && outputStride != 32) {
            throw new IllegalArgumentException("outputStride must be 8, 16 or 32, got " + outputStride);
        }
        return outputStride;
    }
}
