package org.vocvision.model;

import ai.djl.ndarray.NDArray;

/**
 * A 1x1 convolution with stride s and no padding reads exactly the pixels (s*i, s*j), so it equals
 * subsampling by s followed by a stride-1 1x1 convolution. The shortcut projections use this form:
 * libtorch 2.7.1's oneDNN backward of a strided 1x1 convolution crashes (SIGSEGV in
 * {@code brgemm_convolution_bwd_utils::brg_blocking_t::est_eff_1x1}) when training ResNet-50 on this machine.
 */
final class PointwiseStride {

    private PointwiseStride() {}

    static NDArray subsample(NDArray x, int stride) {
        return stride == 1 ? x : x.get(":, :, ::" + stride + ", ::" + stride);
    }
}
