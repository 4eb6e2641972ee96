package org.vocvision.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.vocvision.model.Zoo;
import org.vocvision.serve.Limits;
import org.vocvision.serve.ServedModels;
import org.vocvision.serve.VisionServer;
import org.vocvision.task.Task;
import org.vocvision.train.TrainedModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vocvision serve}: a local web page and JSON API over trained runs. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Serves a local web page to try trained models on your own images: drop a JPEG, PNG or"
                + " competition .npy and see the 20 class probabilities with the tuned thresholds, the mask over the"
                + " photo, and an attack (FGSM, PGD, ...) with its perturbation. The JSON API under the page:"
                + " GET /api/model, POST /api/predict, POST /api/attack (see the README). Binds 127.0.0.1 unless"
                + " --host says otherwise; Ctrl-C stops it.",
        footer = {"", "Examples:", "  vocvision serve --run runs/mnv2 --seg-run runs/deeplab --port 8080",
            "  vocvision serve --run runs/mnv2 --model deeplabv3_resnet50 --weights deeplabv3_resnet50_coco-cd0a2569.pth"})
final class ServeCommand implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--run", paramLabel = "DIR", description = "A classification run.")
    Path run;

    @Option(names = "--seg-run", paramLabel = "DIR", description = "A segmentation run.")
    Path segRun;

    @CommandLine.Mixin WeightFileOptions weightFile;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "The address to bind (default ${DEFAULT-VALUE}: this machine only).")
    String host;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "N", description = "The port (default ${DEFAULT-VALUE}; 0 for a free one).")
    int port;

    @Option(names = "--max-upload-mb", defaultValue = "20", paramLabel = "MB",
            description = "Largest upload; larger ones get HTTP 413 (default ${DEFAULT-VALUE}).")
    double maxUploadMb;

    @Option(names = "--max-megapixels", defaultValue = "16", paramLabel = "MP",
            description = "Largest image, checked from its header before decoding; larger ones get HTTP 422 (default ${DEFAULT-VALUE}).")
    double maxMegapixels;

    @Option(names = "--threads", defaultValue = "8", paramLabel = "N",
            description = "Request threads; model calls still run one at a time (default ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws IOException, InterruptedException {
        String model = weightFile.given() ? weightFile.model : null;
        if (run == null && segRun == null && model == null) {
            throw new IllegalArgumentException("give a classification run (--run), a segmentation run (--seg-run), both,"
                    + " or a --model with its --weights");
        }
        boolean importedClassifier = model != null && Zoo.task(model).equals(Task.CLASSIFICATION.name());
        if (model != null && (importedClassifier ? run != null : segRun != null)) {
            throw new IllegalArgumentException("--model " + model + " is a " + Zoo.task(model) + " model and takes the place of "
                    + (importedClassifier ? "--run" : "--seg-run") + ": give one of them");
        }
        if (port < 0 || port > 65535 || threads < 1 || !(maxUploadMb > 0) || !(maxMegapixels > 0)) {
            throw new IllegalArgumentException("--port must be 0..65535, --threads >= 1, --max-upload-mb and"
                    + " --max-megapixels > 0");
        }
        Limits limits = new Limits(Math.round(maxUploadMb * 1048576), Math.round(maxMegapixels * 1e6),
                Limits.DEFAULT.maxWaiting(), Limits.DEFAULT.maxSteps());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!InetAddress.getByName(host).isLoopbackAddress()) {
            err.println("warning: --host " + host + " makes the page and its API reachable from other machines;"
                    + " it has no authentication");
            err.flush();
        }
        TrainedModel imported = model == null ? null : weightFile.load();
        TrainedModel classifier = importedClassifier ? imported : run == null ? null : TrainedModel.load(run);
        TrainedModel segmenter;
        try {
            segmenter = model != null && !importedClassifier ? imported : segRun == null ? null : TrainedModel.load(segRun);
        } catch (IOException | RuntimeException e) {
            if (classifier != null) {
                classifier.close();
            }
            throw e;
        }
        VisionServer server = VisionServer.start(new ServedModels(classifier, segmenter, limits.maxWaiting()), host,
                port, threads, limits);
        CountDownLatch stopped = new CountDownLatch(1);
        // Ctrl-C (SIGINT) and SIGTERM run shutdown hooks: stop accepting, finish running requests, free the models
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            out.println("stopped");
            out.flush();
            stopped.countDown();
        }, "serve-shutdown"));
        out.println("serving " + server.url() + " (Ctrl-C stops)");
        out.flush();
        stopped.await();
        return 0;
    }
}
