package org.vocvision.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vocvision.engine.OfflineEngine;
import org.vocvision.run.RunDir;

/**
 * ConvNeXt against torchvision 0.14's own {@code ConvNeXt} (src/test/python/make_convnext_fixtures.py: reduced
 * CNBlockConfig widths 8/16/32/64 and depths 2/1/2/1, seeded random weights, eval mode), its parameter counts,
 * and stochastic depth's training-mode statistics against its definition.
 */
class ConvNeXtTest {

    private static final Logger LOG = LoggerFactory.getLogger(ConvNeXtTest.class);
    private static final Path DIR = Path.of("src/test/resources/weights");
    /** The bound: within 1e-5 of the largest |logit|. */
    private static final double RELATIVE_TOLERANCE = 1e-5;

    private static ConvNeXt reduced() {
        return ConvNeXt.builder().optChannels(8, 16, 32, 64).optDepths(2, 1, 2, 1).optNumClasses(5).optDropPath(0.3f)
                .build();
    }

    @Test
    void logitsEqualTorchvisionAtTwoInputSizes() throws IOException {
        try (NDManager manager = OfflineEngine.newManager()) {
            Map<String, NDArray> io = SafeTensors.read(manager, DIR.resolve("convnext_small_cfg.io.safetensors"));
            ConvNeXt network = reduced();
            network.initialize(manager, DataType.FLOAT32, io.get("input").getShape());
            StateDict.load(network, DIR.resolve("convnext_small_cfg.safetensors"), LoadOptions.strict());
            for (String size : new String[] {"", "_odd"}) {
                NDArray x = io.get("input" + size);
                NDArray expected = io.get("logits" + size);
                NDArray y = network.forward(new ParameterStore(manager, false), new NDList(x), false).head();
                assertEquals(expected.getShape(), y.getShape());
                float diff = y.sub(expected).abs().max().getFloat();
                float scale = expected.abs().max().getFloat();
                LOG.info("convnext reduced, input {}: max |logit - torch| = {} ({} of the largest |logit| {})",
                        x.getShape(), diff, diff / scale, scale);
                assertTrue(scale > 0.1f, "fixture logits too small to compare: " + scale);
                assertTrue(diff <= RELATIVE_TOLERANCE * scale, "input " + x.getShape() + ": max abs logit difference "
                        + diff + " against largest |logit| " + scale);
            }
        }
    }

    /** Backward too: gradients of sum(logits * r) at the odd input size equal torch's for one layer of each kind. */
    @Test
    void gradientsEqualTorchvision() throws IOException {
        try (NDManager manager = OfflineEngine.newManager()) {
            Map<String, NDArray> io = SafeTensors.read(manager, DIR.resolve("convnext_small_cfg.io.safetensors"));
            ConvNeXt network = reduced();
            NDArray x = io.get("input_odd");
            network.initialize(manager, DataType.FLOAT32, x.getShape());
            StateDict.load(network, DIR.resolve("convnext_small_cfg.safetensors"), LoadOptions.strict());
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                // training=false: stochastic depth off, as torch's eval mode; gradients flow all the same
                NDArray y = network.forward(new ParameterStore(manager, false), new NDList(x), false).head();
                gc.backward(y.mul(io.get("grad_weights")).sum());
            }
            Map<String, Parameter> params = StateDict.parameters(network);
            int checked = 0;
            for (Map.Entry<String, NDArray> e : io.entrySet()) {
                if (!e.getKey().startsWith("grad.")) {
                    continue;
                }
                String name = e.getKey().substring(5);
                NDArray g = params.get(name).getArray().getGradient();
                assertEquals(e.getValue().getShape(), g.getShape(), name);
                float diff = g.sub(e.getValue()).abs().max().getFloat();
                float scale = e.getValue().abs().max().getFloat();
                LOG.info("gradient {}: max |g - torch| = {} (largest |g| {})", name, diff, scale);
                assertTrue(diff <= 1e-5f * scale, name + ": gradient differs by " + diff + " against " + scale);
                checked++;
            }
            assertEquals(11, checked);
        }
    }

    @Test
    void layerNorm2dEqualsTorchvision() {
        try (NDManager manager = OfflineEngine.newManager()) {
            Map<String, NDArray> io = SafeTensors.read(manager, DIR.resolve("convnext_small_cfg.io.safetensors"));
            NDArray x = io.get("ln_input");
            LayerNorm2d ln = new LayerNorm2d(1e-6f);
            ln.initialize(manager, DataType.FLOAT32, x.getShape());
            Map<String, Parameter> p = StateDict.parameters(ln);
            assertEquals(List.of("weight", "bias"), List.copyOf(p.keySet()));
            p.get("weight").getArray().set(io.get("ln_weight").toFloatArray());
            p.get("bias").getArray().set(io.get("ln_bias").toFloatArray());
            NDArray y = ln.forward(new ParameterStore(manager, false), new NDList(x), false).head();
            float diff = y.sub(io.get("ln_output")).abs().max().getFloat();
            LOG.info("LayerNorm2d: max |y - torch| = {}", diff);
            assertTrue(diff < 1e-5f, "LayerNorm2d differs from torchvision's by " + diff);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void geluIsTheExactErfForm() {
        try (NDManager manager = OfflineEngine.newManager()) {
            NDArray x = manager.linspace(-6f, 6f, 1201);
            NDArray y = new Gelu().forward(new ParameterStore(manager, false), new NDList(x), false).head();
            float[] xs = x.toFloatArray();
            float[] ys = y.toFloatArray();
            double worst = 0;
            for (int i = 0; i < xs.length; i++) {
                double exact = 0.5 * xs[i] * (1 + erf(xs[i] / Math.sqrt(2)));
                worst = Math.max(worst, Math.abs(ys[i] - exact));
            }
            // the tanh approximation differs from the erf form by up to about 5e-4 on this range
            assertTrue(worst < 1e-5, "GELU differs from x Phi(x) by " + worst);
        }
    }

    /**
     * erf by its Maclaurin series, in double: within 3e-10 of Python's math.erf for |z| <= 6 / sqrt 2 (checked
     * once), far below float32's resolution; Abramowitz-Stegun 7.1.26 (1.5e-7) would be too coarse to tell.
     */
    private static double erf(double z) {
        double sum = 0;
        double term = z;
        for (int n = 0; n < 200; n++) {
            sum += term / (2 * n + 1);
            term *= -z * z / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    @ParameterizedTest
    @CsvSource({
        // torchvision 0.14: sum(p.numel() for p in convnext_NAME().parameters()), printed by make_convnext_fixtures.py
        "convnext_tiny, 28589128",
        "convnext_small, 50223688"})
    void parameterCountsEqualTorchvision(String name, long expected) {
        try (NDManager manager = OfflineEngine.newManager()) {
            NormalizedModel model = Zoo.create(name, ModelOptions.defaults().withNumClasses(1000));
            model.setInitializer(new ConstantInitializer(0f), p -> true);
            model.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            assertEquals(expected, ParameterCountTest.count(model.network()));
            Map<String, Parameter> p = StateDict.parameters(model.network());
            // torchvision's names and shapes at the places the issue lists
            assertEquals(new Shape(96, 3, 4, 4), p.get("features.0.0.weight").getArray().getShape());
            assertEquals(new Shape(96), p.get("features.0.1.weight").getArray().getShape());
            assertEquals(new Shape(96, 1, 7, 7), p.get("features.1.0.block.0.weight").getArray().getShape());
            assertEquals(new Shape(96), p.get("features.1.0.block.2.weight").getArray().getShape());
            assertEquals(new Shape(384, 96), p.get("features.1.0.block.3.weight").getArray().getShape());
            assertEquals(new Shape(96, 384), p.get("features.1.0.block.5.weight").getArray().getShape());
            assertEquals(new Shape(96, 1, 1), p.get("features.1.0.layer_scale").getArray().getShape());
            assertEquals(new Shape(192, 96, 2, 2), p.get("features.2.1.weight").getArray().getShape());
            assertEquals(new Shape(768), p.get("classifier.0.weight").getArray().getShape());
            assertEquals(new Shape(1000, 768), p.get("classifier.2.weight").getArray().getShape());
            assertEquals(Weights.of(name + "_imagenet1k_v1").card().model(), name);
        }
    }

    @Test
    void dropPathGrowsLinearlyAsTorchvisionAndFollowsTheOption() {
        ConvNeXt tiny = (ConvNeXt) Zoo.create("convnext_tiny", ModelOptions.defaults()).network();
        List<Float> p = tiny.stochasticDepthProbabilities();
        assertEquals(18, p.size());
        for (int i = 0; i < p.size(); i++) {
            assertEquals((float) (0.1 * i / 17.0), p.get(i), 1e-7f, "block " + i);
        }
        ConvNeXt small = (ConvNeXt) Zoo.create("convnext_small", ModelOptions.defaults()).network();
        List<Float> s = small.stochasticDepthProbabilities();
        assertEquals(36, s.size());
        assertEquals(0f, s.get(0));
        assertEquals(0.4f, s.get(35), 1e-7f);
        ConvNeXt custom = (ConvNeXt) Zoo.create("convnext_small", ModelOptions.defaults().withDropPath(0.2f)).network();
        assertEquals(0.2f, custom.stochasticDepthProbabilities().get(35), 1e-7f);
        assertThrows(IllegalArgumentException.class, () -> ConvNeXt.builder().optDropPath(1f).build());
    }

    /** Rows of a (20000, 3, 2, 2) batch of ones: each is all 0 or all 1/(1-p), 0 at the rate p (binomial, 5 sigma). */
    @Test
    void stochasticDepthDropsWholeSamplesAtRateAndRescalesSurvivors() {
        float p = 0.3f;
        int n = 20000;
        try (NDManager manager = OfflineEngine.newManager()) {
            Engine.getInstance().setRandomSeed(7);
            StochasticDepth sd = new StochasticDepth(p);
            NDArray x = manager.ones(new Shape(n, 3, 2, 2));
            x.setRequiresGradient(true);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray y;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                y = sd.forward(ps, new NDList(x), true).head();
                gc.backward(y.sum());
            }
            float[] v = y.toFloatArray();
            float[] g = x.getGradient().toFloatArray();
            float scaled = 1f / (1f - p);
            int dropped = 0;
            for (int i = 0; i < n; i++) {
                float first = v[i * 12];
                assertTrue(first == 0f || Math.abs(first - scaled) < 1e-6f, "sample " + i + ": " + first);
                for (int j = 1; j < 12; j++) {
                    assertEquals(first, v[i * 12 + j], "sample " + i + " is not dropped whole");
                }
                for (int j = 0; j < 12; j++) {
                    assertEquals(first, g[i * 12 + j], "gradient of sample " + i);
                }
                if (first == 0f) {
                    dropped++;
                }
            }
            double rate = dropped / (double) n;
            double sigma = Math.sqrt(p * (1 - p) / n);
            LOG.info("stochastic depth p {}: dropped {} of {} ({}, sigma {})", p, dropped, n, rate, sigma);
            assertEquals(p, rate, 5 * sigma);

            NDArray z = manager.randomNormal(new Shape(4, 3, 5, 5));
            NDArray inference = sd.forward(ps, new NDList(z), false).head();
            assertArrayEquals(z.toFloatArray(), inference.toFloatArray());
            NDArray zeroRate = new StochasticDepth(0f).forward(ps, new NDList(z), true).head();
            assertArrayEquals(z.toFloatArray(), zeroRate.toFloatArray());
        }
    }

    /** A whole network trains with drop path on; with the backbone in inference mode its features are deterministic. */
    @Test
    void backboneInferenceTurnsDropPathOff() {
        try (NDManager manager = OfflineEngine.newManager()) {
            ConvNeXt network = ConvNeXt.builder().optChannels(8, 16, 32, 64).optDepths(2, 1, 2, 1).optNumClasses(5)
                    .optDropPath(0.9f).optLayerScale(1f).build();
            Shape shape = new Shape(8, 3, 32, 32);
            network.initialize(manager, DataType.FLOAT32, shape);
            NDArray x = manager.randomUniform(-1, 1, shape);
            ParameterStore ps = new ParameterStore(manager, false);
            float[] eval = network.forward(ps, new NDList(x), false).head().toFloatArray();
            float[] train = network.forward(ps, new NDList(x), true).head().toFloatArray();
            assertFalse(java.util.Arrays.equals(eval, train), "drop path 0.9 changed nothing while training");
            Modules.setInference(Modules.find(network, "features"), true);
            assertArrayEquals(eval, network.forward(ps, new NDList(x), true).head().toFloatArray(), 1e-6f);
        }
    }

    @ParameterizedTest
    @CsvSource({"convnext_tiny", "convnext_small"})
    void registeredBuildsTrainsAndSplitsBackboneFromHead(String name) throws IOException, ai.djl.MalformedModelException {
        try (NDManager manager = OfflineEngine.newManager()) {
            NormalizedModel model = Zoo.create(name, ModelOptions.defaults().withNumClasses(3).withWidth(0.25f));
            assertEquals("classifier.2.", Zoo.headPrefix(name));
            assertEquals(224, Zoo.defaultInputSize(name));
            assertEquals("classification", Zoo.task(name));
            Shape input = new Shape(2, 3, 64, 64);
            model.initialize(manager, DataType.FLOAT32, input);
            assertEquals(new Shape(2, 3), model.getOutputShapes(new Shape[] {input})[0]);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray x = manager.randomUniform(0, 1, input);
            NDArray head = StateDict.parameters(model).get("classifier.2.weight").getArray();
            float[] before = head.toFloatArray();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray y = model.forward(ps, new NDList(x), true).head();
                assertFalse(y.isNaN().any().getBoolean());
                gc.backward(y.square().mean());
            }
            NDArray stem = StateDict.parameters(model).get("features.0.0.weight").getArray();
            assertTrue(stem.getGradient().abs().sum().getFloat() > 0, "no gradient reached the stem");
            head.subi(head.getGradient().mul(0.1f));
            assertFalse(java.util.Arrays.equals(before, head.toFloatArray()));

            // checkpoints are DJL's saveParameters: every child block must be initialised, and they reload exactly
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            model.saveParameters(new java.io.DataOutputStream(bytes));
            NormalizedModel reloaded = Zoo.create(name, ModelOptions.defaults().withNumClasses(3).withWidth(0.25f));
            reloaded.initialize(manager, DataType.FLOAT32, input);
            reloaded.loadParameters(manager, new java.io.DataInputStream(
                    new java.io.ByteArrayInputStream(bytes.toByteArray())));
            assertArrayEquals(model.forward(ps, new NDList(x), false).head().toFloatArray(),
                    reloaded.forward(ps, new NDList(x), false).head().toFloatArray());

            ModelSpec spec = Zoo.spec(name);
            for (Block block : Modules.findAll(model, spec.backbone())) {
                block.freezeParameters(true);
            }
            assertEquals(List.of("classifier."), trainablePrefixes(model));
            for (Block block : Modules.findAll(model, spec.lastStage().apply(ModelOptions.defaults()))) {
                block.freezeParameters(false);
            }
            assertEquals(List.of("classifier.", "features.6.", "features.7."), trainablePrefixes(model));
        }
    }

    private static List<String> trainablePrefixes(Block model) {
        return StateDict.parameters(model).entrySet().stream().filter(e -> e.getValue().requiresGradient())
                .map(e -> e.getKey().startsWith("features.") ? e.getKey().substring(0, 11) : "classifier.")
                .distinct().sorted().toList();
    }

    @Test
    void recipesWrittenBeforeDropPathStillRead() throws IOException {
        ModelOptions old = RunDir.JSON.readValue("{\"numClasses\":null,\"width\":1.0,\"dropout\":null,"
                + "\"batchNorm\":false,\"head\":\"POOLED\",\"outputStride\":16,\"backbone\":\"mobilenet_v2\"}",
                ModelOptions.class);
        assertNull(old.dropPath());
        assertEquals(ModelOptions.defaults(), old);
        ModelOptions withRate = ModelOptions.defaults().withDropPath(0.2f);
        assertEquals(withRate, RunDir.JSON.readValue(RunDir.JSON.writeValueAsString(withRate), ModelOptions.class));
    }
}
