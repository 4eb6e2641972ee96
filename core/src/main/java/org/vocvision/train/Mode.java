package org.vocvision.train;

/** Whether a monitored quantity should go down (losses) or up (mAP, mIoU). */
public enum Mode {
    MIN, MAX;

    /** Keras' test: {@code current < best - minDelta} (MIN) or {@code current > best + minDelta} (MAX). */
    boolean improves(double current, double best, double minDelta) {
        return this == MIN ? current < best - minDelta : current > best + minDelta;
    }

    /** The starting "best", beaten by any finite value. */
    double worst() {
        return this == MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** MIN for names containing "loss", else MAX: Keras' "auto" mode. */
    public static Mode auto(String monitor) {
        return monitor.contains("loss") ? MIN : MAX;
    }
}
