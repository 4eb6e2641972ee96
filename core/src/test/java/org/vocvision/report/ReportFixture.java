package org.vocvision.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A main job's run directory written by hand, with numbers small enough to check: a classifier with two
 * scored classes of AP 0.8 and 0.4 (prevalence 0.1 and 0.3: chance 0.2), a segmenter with mIoU 0.5 (all
 * background 0.25), a local score of 0.6 against an empty submission's 0.2, FGSM and PGD sweeps.
 */
final class ReportFixture {

    private ReportFixture() {}

    static void write(Path run) throws IOException {
        Files.writeString(run.resolve("stats.json"), "{\"images\": 40, \"classes\": {\"aeroplane\": 4}}");
        Files.writeString(run.resolve("run.json"), "{\"data\": \"/data/x\", \"split\": \"train\", \"images\": 40,"
                + " \"held_out_images\": 10, \"test_images\": 5, \"seconds\": 125.0,"
                + " \"stages\": {\"classifier\": 60.0, \"segmenter\": 65.0}}");
        Path c = Files.createDirectories(run.resolve("classifier"));
        Files.writeString(c.resolve("config.json"), "{\"task\": \"classification\", \"model\": \"mobilenet_v2\","
                + " \"modelOptions\": {\"width\": 0.5}, \"inputSize\": 128, \"batch\": 16, \"epochs\": 12, \"lr\": 0.002,"
                + " \"optimizer\": \"adamw\", \"schedule\": \"cosine\", \"weights\": null,"
                + " \"provenance\": {\"data\": \"/data/x\", \"layout\": \"competition\", \"split\": \"train\", \"images\": 40,"
                + " \"valIds\": [\"1\", \"2\"]}}");
        Files.writeString(c.resolve("metrics.json"), "{\"val_loss\": 0.3, \"val_map\": 0.6, \"val_f1\": 0.5, \"best_epoch\": 7,"
                + " \"epochs\": 12, \"train_images_per_second\": 7.5, \"definition\": \"d\"}");
        Files.writeString(c.resolve("per_class.json"), "{\"definition\": \"d\", \"images\": 10, \"map\": 0.6, \"chance_map\": 0.2,"
                + " \"classes\": [{\"name\": \"aeroplane\", \"ap\": 0.8, \"positives\": 1, \"images\": 10, \"prevalence\": 0.1,"
                + " \"precision\": [1.0, 0.5], \"recall\": [0.5, 1.0], \"threshold\": [0.9, 0.2]},"
                + " {\"name\": \"bicycle\", \"ap\": 0.4, \"positives\": 3, \"images\": 10, \"prevalence\": 0.3,"
                + " \"precision\": [0.4], \"recall\": [1.0], \"threshold\": [0.1]}]}");
        Files.writeString(c.resolve("history.csv"), "epoch,lr,train_loss,seconds\n1,0.01,0.7<x>,30\n2,0.01,0.6,30\n");
        for (String method : new String[] {"fgsm", "pgd"}) {
            Files.writeString(c.resolve("attack-" + method + ".json"), "{\"method\": \"" + method + "\", \"task\": \"classification\","
                    + " \"metric_name\": \"mAP\", \"results\": [{\"eps\": 0.0, \"success_rate\": 0.0, \"metric\": 0.6, \"images\": 8},"
                    + " {\"eps\": 0.03137254901960784, \"success_rate\": 0.75, \"metric\": " + (method.equals("fgsm") ? "0.3" : "0.1")
                    + ", \"linf\": 0.031, \"l2\": 1.2, \"psnr\": 31.0, \"ssim\": 0.9, \"images\": 8}]}");
        }
        Files.writeString(c.resolve("attack.json"), Files.readString(c.resolve("attack-pgd.json")));
        png(c.resolve("figures/loss.png"), 0xFF0000);
        png(c.resolve("figures/val_map.png"), 0x00FF00);
        png(c.resolve("figures/robustness-fgsm.png"), 0x0000FF);
        png(c.resolve("figures/attack-grid-pgd.png"), 0x00FFFF);
        Files.createDirectories(c.resolve("checkpoints"));
        Files.writeString(c.resolve("checkpoints/metrics.json"), "{\"hidden\": 1}");

        Path s = Files.createDirectories(run.resolve("segmenter"));
        Files.writeString(s.resolve("config.json"), "{\"task\": \"segmentation\", \"model\": \"deeplabv3plus\","
                + " \"modelOptions\": {\"width\": 0.5}, \"inputSize\": 128, \"batch\": 8, \"epochs\": 12, \"lr\": 0.001,"
                + " \"optimizer\": \"adamw\", \"schedule\": \"poly\", \"weights\": null}");
        Files.writeString(s.resolve("metrics.json"), "{\"val_loss\": 0.9, \"val_miou\": 0.5, \"best_epoch\": 9, \"epochs\": 12}");
        Files.writeString(s.resolve("confusion.json"), "{\"classes\": [\"background\", \"aeroplane\"], \"matrix\": [[6, 2], [1, 3]],"
                + " \"iou\": [0.6666, 0.5], \"miou\": 0.5, \"pixel_accuracy\": 0.75, \"all_background_miou\": 0.25,"
                + " \"all_background_pixel_accuracy\": 0.5}");
        png(s.resolve("figures/overlay-best-1-7.png"), 0x123456);
        Files.writeString(s.resolve("overlays.json"), "[{\"rank\": \"best\", \"id\": \"7\", \"miou\": 0.9,"
                + " \"file\": \"figures/overlay-best-1-7.png\", \"classes\": [0, 15]}]");

        Path v = Files.createDirectories(run.resolve("validation"));
        Files.writeString(v.resolve("score.json"), "{\"dice\": 0.6, \"classification\": 0.7, \"segmentation\": 0.5, \"rows\": 14}");
        Files.writeString(v.resolve("score-all-negative.json"), "{\"dice\": 0.2, \"classification\": 0.0, \"segmentation\": 0.4,"
                + " \"rows\": 14}");
    }

    static void png(Path file, int rgb) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 1, rgb);
        ImageIO.write(image, "png", file.toFile());
    }
}
