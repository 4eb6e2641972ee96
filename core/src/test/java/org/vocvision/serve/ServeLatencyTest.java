package org.vocvision.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vocvision.data.Layout;
import org.vocvision.data.RgbImage;
import org.vocvision.data.SyntheticVoc;
import org.vocvision.train.TrainedModel;

/**
 * The numbers for the README: median latency of /api/predict and of a PGD-10 attack per image at 224 px
 * (full-width MobileNetV2 classifier, DeepLabV3+-MobileNetV2 segmenter, one epoch each: speed does not
 * depend on the weights). Opt-in, it trains at 224 px: {@code mvn -B test -Dtest=ServeLatencyTest -Dserve.latency=true}.
 */
class ServeLatencyTest {

    @Test
    void latencyAt224() throws Exception {
        assumeTrue(Boolean.getBoolean("serve.latency"), "opt-in: -Dserve.latency=true");
        Path dir = Files.createTempDirectory("serve-latency");
        Path data = dir.resolve("data");
        SyntheticVoc.builder().optSeed(5).optLongSide(224).build().write(data, Layout.COMPETITION, 8, 2);
        ServeFixture.cli("train", "classifier", "--data", data.toString(), "--model", "mobilenet_v2", "--image-size", "224",
                "--batch", "8", "--epochs", "1", "--run", dir.resolve("cls").toString());
        ServeFixture.cli("train", "segmenter", "--data", data.toString(), "--crop", "224", "--batch", "4", "--epochs", "1",
                "--run", dir.resolve("seg").toString());
        RgbImage photo = SyntheticVoc.builder().optSeed(9).optLongSide(224).build().samples("x", 1).get(0).image();
        byte[] png = ServeApiTest.png(photo);
        try (VisionServer server = VisionServer.start(new ServedModels(TrainedModel.load(dir.resolve("cls")),
                TrainedModel.load(dir.resolve("seg")), 64), "127.0.0.1", 0, 4, Limits.DEFAULT)) {
            ServeApiTest.use(server);
            System.out.printf("image %dx%d%n", photo.width(), photo.height());
            System.out.println("predict (cls + seg): " + median(() -> ServeApiTest.post("/api/predict", "image/png", png)));
            for (String model : new String[] {"classifier", "segmenter"}) {
                System.out.println("pgd-10 on the " + model + ": " + median(() -> ServeApiTest.postForm("/api/attack", png,
                        Map.of("method", "pgd", "eps", Double.toString(8 / 255.0), "steps", "10", "model", model))));
            }
        }
    }

    interface Call {
        java.net.http.HttpResponse<String> run() throws Exception;
    }

    private static String median(Call call) throws Exception {
        assertEquals(200, call.run().statusCode()); // warm-up
        long[] ms = new long[5];
        for (int i = 0; i < ms.length; i++) {
            long t = System.nanoTime();
            java.net.http.HttpResponse<String> r = call.run();
            ms[i] = (System.nanoTime() - t) / 1_000_000;
            assertEquals(200, r.statusCode(), r.body());
        }
        long[] sorted = ms.clone();
        Arrays.sort(sorted);
        return "median " + sorted[2] + " ms of " + Arrays.toString(ms);
    }
}
