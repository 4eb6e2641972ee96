package org.vocvision.engine;

import ai.djl.pytorch.jni.JniUtils;

/** Whether libtorch records operations for a backward pass (torch's {@code torch.is_grad_enabled()}). */
public final class Autograd {

    private Autograd() {}

    /** True inside a gradient collector: intermediates may be needed by a backward pass. */
    public static boolean isRecording() {
        return JniUtils.isGradMode();
    }
}
