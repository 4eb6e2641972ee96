package org.vocvision.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line batch progress bar on stderr, redrawn in place; silent when there is no terminal
 * ({@code System.console() == null}: CI, pipes, log files), where the per-epoch INFO line suffices.
 */
final class ProgressBar {

    private static final int WIDTH = 20;
    private final PrintStream out;
    private final int epoch;
    private final int epochs;
    private final int total;
    private final long start = System.nanoTime();
    private int printed;

    private ProgressBar(PrintStream out, int epoch, int epochs, int total) {
        this.out = out;
        this.epoch = epoch;
        this.epochs = epochs;
        this.total = total;
    }

    /** A bar for epoch {@code epoch} (0-based) of {@code total} steps: on stderr if this process has a terminal, else silent. */
    static ProgressBar start(int epoch, int epochs, int total) {
        return new ProgressBar(System.console() == null ? null : System.err, epoch, epochs, total);
    }

    /**
     * One line: the job's stage (in a job), epoch, bar, loss, training images/s, the job's elapsed time and
     * this training's remaining time, estimated from this epoch's steps (validation not counted).
     */
    void update(int done, double loss, long images) {
        if (out == null) {
            return;
        }
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        double seconds = (System.nanoTime() - start) / 1e9;
        double perStep = seconds / Math.max(1, done);
        double remaining = perStep * ((total - done) + (long) (epochs - epoch - 1) * total);
        String line = String.format(Locale.ROOT, "\r%sepoch %d/%d [%s%s] %d/%d loss %.3g · %.0f img/s%s · ETA %s",
                JobProgress.prefix(), epoch + 1, epochs, "=".repeat(filled), " ".repeat(WIDTH - filled), done, total,
                loss, images / Math.max(seconds, 1e-9), JobProgress.elapsed(), JobProgress.duration(remaining));
        out.print(line + " ".repeat(Math.max(0, printed - line.length())));
        printed = line.length();
        out.flush();
    }

    void finish() {
        if (out != null) {
            out.print("\r" + " ".repeat(printed) + "\r");
            out.flush();
        }
    }
}
