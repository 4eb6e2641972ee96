package org.vocvision.train;

import java.util.Locale;

/**
 * The whole job's place when a job runs stages (the main job: statistics, classifier, segmenter, ...):
 * the training progress line then reads "stage 2/7 classifier · epoch 3/12 ... · 1m20s elapsed · ETA".
 * Only the terminal line uses it; one job runs at a time in a process.
 */
public final class JobProgress {

    private static volatile JobProgress current;

    private final long start = System.nanoTime();
    private final int stages;
    private volatile int index;
    private volatile String stage = "";

    private JobProgress(int stages) {
        this.stages = stages;
    }

    /** Starts a job of {@code stages} stages; the progress line shows it until {@link #end()}. */
    public static JobProgress begin(int stages) {
        JobProgress job = new JobProgress(stages);
        current = job;
        return job;
    }

    /** The job now runs its {@code index}-th stage (1-based). */
    public void stage(int index, String name) {
        this.index = index;
        this.stage = name;
    }

    public void end() {
        if (current == this) {
            current = null;
        }
    }

    /** "stage 2/7 classifier · " or "" outside a job. */
    static String prefix() {
        JobProgress job = current;
        return job == null ? "" : String.format(Locale.ROOT, "stage %d/%d %s · ", job.index, job.stages, job.stage);
    }

    /** " · 1m20s elapsed" (the job's) or "" outside a job. */
    static String elapsed() {
        JobProgress job = current;
        return job == null ? "" : " · " + duration((System.nanoTime() - job.start) / 1e9) + " elapsed";
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
