package org.vocvision.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.vocvision.cli.Main;
import org.vocvision.data.Layout;
import org.vocvision.data.SyntheticVoc;
import org.vocvision.train.TrainedModel;

/**
 * Tiny runs trained once per test JVM through the command line (as TrainPredictCommandsTest makes them:
 * synthetic data, long side 40, width 0.25, 32 px, one epoch), and a server over them on a free loopback
 * port with small limits so the refusals are cheap to provoke.
 */
final class ServeFixture {

    /** 1 MB uploads, 0.25 megapixels: small enough to provoke 413 and 422 with small bodies. */
    static final Limits LIMITS = new Limits(1 << 20, 250_000, 64, 20);

    private static Path root;

    private ServeFixture() {}

    /** The fixture's directory: data/ (competition layout), cls/ and seg/ runs. */
    static synchronized Path runs() throws IOException {
        if (root == null) {
            Path dir = Files.createTempDirectory("vocvision-serve");
            Path data = dir.resolve("data");
            SyntheticVoc.builder().optSeed(3).optLongSide(40).build().write(data, Layout.COMPETITION, 16, 4);
            cli("train", "classifier", "--data", data.toString(), "--model", "mobilenet_v2", "--width", "0.25",
                    "--image-size", "32", "--batch", "8", "--epochs", "1", "--run", dir.resolve("cls").toString());
            cli("train", "segmenter", "--data", data.toString(), "--width", "0.25", "--crop", "32", "--batch", "4",
                    "--epochs", "1", "--run", dir.resolve("seg").toString());
            root = dir;
        }
        return root;
    }

    static String cli(String... args) {
        StringWriter out = new StringWriter();
        picocli.CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        assertEquals(0, cli.execute(args), out.toString());
        return out.toString();
    }

    /** A server over both runs on a free loopback port. */
    static VisionServer server() throws IOException {
        Path dir = runs();
        ServedModels models = new ServedModels(TrainedModel.load(dir.resolve("cls")), TrainedModel.load(dir.resolve("seg")),
                LIMITS.maxWaiting());
        return VisionServer.start(models, "127.0.0.1", 0, 16, LIMITS);
    }
}
