package org.vocvision.train;

import org.vocvision.attack.AdversarialTraining;

/**
 * How a segmenter is trained (torchvision's {@code references/segmentation} arguments): DeepLabV3+
 * on a MobileNetV2/ResNet-50 encoder, or a U-Net; crop size, batch, epochs; SGD with momentum 0.9 and
 * the poly schedule (power 0.9) by default, as in Chen et al. 2018; optional Dice term.
 *
 * @param model "deeplabv3plus" or "unet"
 * @param backbone DeepLabV3+ encoder: "mobilenet_v2" or "resnet50"
 * @param outputStride DeepLabV3+ output stride, 16 or 8
 * @param width MobileNetV2 encoder width multiplier; for the U-Net, its base width when above 1
 * @param crop square training crop side (default 320)
 * @param batch mini-batch size
 * @param epochs most epochs
 * @param lr base learning rate
 * @param weightDecay weight decay
 * @param optimizer "sgd" (momentum 0.9) or "adamw"
 * @param diceWeight weight of a Dice loss term added to the cross-entropy (0: none)
 * @param seed seed of the split, the initialisation, the shuffling and the augmentation
 * @param threads batch-preparing worker threads
 * @param valFraction share of the labelled images held out for validation
 * @param weights ImageNet weights of the encoder (safetensors), or null
 * @param tta flip averaging when predicting
 * @param transfer freeze-then-fine-tune stages and the backbone's learning-rate multiplier
 * @param adversarial adversarial training (each batch attacked against the current weights), or null
 * @param patience early-stopping patience in epochs, on val_miou
 */
public record SegmenterRecipe(String model, String backbone, int outputStride, float width, int crop, int batch,
        int epochs, double lr, double weightDecay, String optimizer, float diceWeight, long seed, int threads,
        double valFraction, String weights, boolean tta, int patience,
        TransferSettings transfer, AdversarialTraining.Config adversarial) {

    public SegmenterRecipe {
        transfer = transfer == null ? TransferSettings.NONE : transfer;
        if (!model.equals("deeplabv3plus") && !model.equals("unet")) {
            throw new IllegalArgumentException("segmentation model must be deeplabv3plus or unet, got " + model);
        }
        if (outputStride != 8 && outputStride != 16) {
            throw new IllegalArgumentException("outputStride must be 8 or 16, got " + outputStride);
        }
        if (crop < 32 || crop % 16 != 0) {
            throw new IllegalArgumentException("crop must be a multiple of 16 and >= 32, got " + crop);
        }
        if (batch <= 0 || epochs <= 0 || !(lr > 0) || weightDecay < 0 || diceWeight < 0 || threads < 0 || patience < 0) {
            throw new IllegalArgumentException("recipe needs batch > 0, epochs > 0, lr > 0 and non-negative weightDecay,"
                    + " diceWeight, threads and patience");
        }
        if (!optimizer.equals("adamw") && !optimizer.equals("sgd")) {
            throw new IllegalArgumentException("optimizer must be sgd or adamw, got " + optimizer);
        }
        if (!(valFraction > 0 && valFraction < 1)) {
            throw new IllegalArgumentException("valFraction must be in (0, 1), got " + valFraction);
        }
    }

    public static Builder builder(String model) {
        return new Builder(model);
    }

    /** {@code opt*} setters over the defaults: SGD 0.01, weight decay 1e-4, 30 epochs, crop 320. */
    public static final class Builder {
        private final String model;
        private String backbone = "mobilenet_v2";
        private int outputStride = 16;
        private float width = 1f;
        private int crop = 320;
        private int batch = 8;
        private int epochs = 30;
        private double lr = 0.01;
        private double weightDecay = 1e-4;
        private String optimizer = "sgd";
        private float diceWeight;
        private long seed = 42;
        private int threads = 2;
        private double valFraction = 0.2;
        private String weights;
        private boolean tta;
        private int patience = 5;
        private TransferSettings transfer = TransferSettings.NONE;
        private AdversarialTraining.Config adversarial;

        private Builder(String model) {
            this.model = model;
        }

        public Builder optBackbone(String backbone) {
            this.backbone = backbone;
            return this;
        }

        public Builder optOutputStride(int outputStride) {
            this.outputStride = outputStride;
            return this;
        }

        public Builder optWidth(float width) {
            this.width = width;
            return this;
        }

        public Builder optCrop(int crop) {
            this.crop = crop;
            return this;
        }

        public Builder optBatch(int batch) {
            this.batch = batch;
            return this;
        }

        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder optLr(double lr) {
            this.lr = lr;
            return this;
        }

        public Builder optWeightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        public Builder optOptimizer(String optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        public Builder optDiceWeight(float diceWeight) {
            this.diceWeight = diceWeight;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder optThreads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder optValFraction(double valFraction) {
            this.valFraction = valFraction;
            return this;
        }

        public Builder optWeights(String weights) {
            this.weights = weights;
            return this;
        }

        public Builder optTta(boolean tta) {
            this.tta = tta;
            return this;
        }

        public Builder optPatience(int patience) {
            this.patience = patience;
            return this;
        }

        /** Freeze-then-fine-tune (default: everything trains from the start). */
        public Builder optTransfer(TransferSettings transfer) {
            this.transfer = transfer;
            return this;
        }

        /** Adversarial training (default: none). */
        public Builder optAdversarial(AdversarialTraining.Config adversarial) {
            this.adversarial = adversarial;
            return this;
        }

        public SegmenterRecipe build() {
            return new SegmenterRecipe(model, backbone, outputStride, width, crop, batch, epochs, lr, weightDecay,
                    optimizer, diceWeight, seed, threads, valFraction, weights, tta, patience, transfer, adversarial);
        }
    }
}
