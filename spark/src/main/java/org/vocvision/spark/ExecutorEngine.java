package org.vocvision.spark;

import ai.djl.pytorch.jni.JniUtils;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.vocvision.engine.OfflineEngine;

/**
 * The engine on an executor: offline (DJL must never reach the network, on executors as on the driver) and one
 * libtorch intra-op thread per core the task holds ({@code spark.task.cpus}, 1 by default), so N task slots
 * run N models without oversubscribing the cores.
 */
final class ExecutorEngine {

    private ExecutorEngine() {}

    /** Starts the engine inside a task. */
    static void start() {
        OfflineEngine.start(); // sets ai.djl.offline and OPT_OUT_TRACKING in this JVM before the engine loads
        TaskContext task = TaskContext.get();
        int threads = task == null ? 1 : Math.max(1, task.cpus());
        if (JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
    }

    /**
     * Driver-side settings that reach every executor: the offline switches and the launcher's glibc settings
     * and a oneDNN ISA cap if the driver has one (../shared/DJL-NOTES.md) as executor environment, unless the user set them.
     */
    static void configure(SparkConf conf) {
        setIfAbsent(conf, "spark.executorEnv.OPT_OUT_TRACKING", "true");
        setIfAbsent(conf, "spark.executorEnv.DJL_OFFLINE", "true");
        setIfAbsent(conf, "spark.executorEnv.MALLOC_ARENA_MAX", "1");
        String isa = System.getenv("ONEDNN_MAX_CPU_ISA");
        if (isa != null) {
            setIfAbsent(conf, "spark.executorEnv.ONEDNN_MAX_CPU_ISA", isa); // the driver's cap, if the user set one
        }
        setIfAbsent(conf, "spark.executorEnv.TORCH_CPP_LOG_LEVEL", "ERROR");
        String opts = conf.get("spark.executor.extraJavaOptions", "");
        if (!opts.contains("ai.djl.offline")) {
            conf.set("spark.executor.extraJavaOptions", (opts + " -Dai.djl.offline=true -DOPT_OUT_TRACKING=true").trim());
        }
    }

    private static void setIfAbsent(SparkConf conf, String key, String value) {
        if (!conf.contains(key)) {
            conf.set(key, value);
        }
    }
}
