package org.vocvision.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vocvision.data.NpyFormat;
import org.vocvision.data.RgbImage;
import org.vocvision.engine.OfflineEngine;
import org.vocvision.model.ModelOptions;
import org.vocvision.predict.ClassificationPredictor;
import org.vocvision.train.TrainedModel;

/**
 * {@code serve --model NAME --weights FILE}: a registered model with imported weights and no run. The tiny
 * classifier exported by {@code weights export} and imported again predicts, at the model's default 224 px,
 * what the trained run's own network predicts at 224 px.
 */
class ServeImportedWeightsTest {

    @Test
    void importedWeightsServeLikeTheRunTheyCameFrom() throws Exception {
        Path runs = ServeFixture.runs();
        Path exported = Files.createTempDirectory("serve-import").resolve("cls.safetensors");
        ServeFixture.cli("weights", "export", "--run", runs.resolve("cls").toString(), "--out", exported.toString());
        RgbImage image;
        try (var files = Files.list(runs.resolve("data/test/img"))) {
            image = NpyFormat.readImage(files.sorted().findFirst().orElseThrow());
        }
        float[] expected;
        try (TrainedModel trained = TrainedModel.load(runs.resolve("cls"));
                var manager = OfflineEngine.newManager()) {
            expected = new ClassificationPredictor(trained.model(), 224, false).predict(manager, List.of(image))[0];
        }
        TrainedModel imported = TrainedModel.fromWeights("mobilenet_v2", ModelOptions.defaults().withWidth(0.25f), exported, null);
        try (VisionServer server = VisionServer.start(new ServedModels(imported, null, 4), "127.0.0.1", 0, 2,
                ServeFixture.LIMITS)) {
            ServeApiTest.use(server);
            JsonNode model = ServeApiTest.json(java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(ServeApiTest.uri("/api/model")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()));
            assertEquals(224, model.get("classifier").get("inputSize").asInt());
            assertEquals(true, model.get("segmenter").isNull());
            JsonNode p = ServeApiTest.json(ServeApiTest.post("/api/predict", "image/png", ServeApiTest.png(image)));
            ServeApiTest.assertArrayClose(expected, ServeApiTest.floats(p.get("probabilities")), 1e-6f);
            assertEquals(0.5, p.get("thresholds").get(0).asDouble(), 0, "no tuned thresholds without a run");
            assertEquals(true, p.get("mask").isNull());
        }
    }
}
