package org.vocvision.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line batch progress bar on stderr, redrawn in place; silent when there is no terminal
 * ({@code System.console() == null}: CI, pipes, log files), where the per-epoch INFO line suffices.
 */
final class ProgressBar {

    private static final int WIDTH = 30;
    private final PrintStream out;
    private final String label;
    private final int total;
    private final long start = System.nanoTime();

    private ProgressBar(PrintStream out, String label, int total) {
        this.out = out;
        this.label = label;
        this.total = total;
    }

    /** A bar on stderr if this process has a terminal, else a silent one. */
    static ProgressBar start(String label, int total) {
        return new ProgressBar(System.console() == null ? null : System.err, label, total);
    }

    void update(int done, double loss) {
        if (out == null) {
            return;
        }
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        double seconds = (System.nanoTime() - start) / 1e9;
        out.print(String.format(Locale.ROOT, "\r%s [%s%s] %d/%d loss %.4f %.0fs", label,
                "=".repeat(filled), " ".repeat(WIDTH - filled), done, total, loss, seconds));
        out.flush();
    }

    void finish() {
        if (out != null) {
            out.print("\r" + " ".repeat(label.length() + WIDTH + 40) + "\r");
            out.flush();
        }
    }
}
