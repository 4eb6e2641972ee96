package org.vocvision.train;

import org.vocvision.attack.AdversarialTraining;
import org.vocvision.model.HeadKind;

/**
 * How a classifier is trained (torchvision's {@code references/classification} arguments): the
 * model and its width/dropout, input size, batch, epochs, optimiser, regularisation, split and
 * seed. Written to the run's {@code config.json} and into every checkpoint.
 *
 * @param model a model.Zoo classifier name
 * @param width MobileNetV2's width multiplier (1 = the paper's)
 * @param dropout classifier dropout, or null for the architecture's default
 * @param imageSize square input side; 150 for alexnet, 224 otherwise by default
 * @param batch mini-batch size
 * @param epochs most epochs (early stopping may end sooner)
 * @param lr peak learning rate (after a one-epoch linear warm-up, then cosine to 0)
 * @param weightDecay decoupled weight decay (AdamW) or L2 (SGD)
 * @param optimizer "adamw" or "sgd" (momentum 0.9, Nesterov)
 * @param seed seed of the split, the initialisation, the shuffling and the augmentation
 * @param threads batch-preparing worker threads (0: on the training thread)
 * @param valFraction share of the labelled images held out (stratified) for validation
 * @param labelSmoothing BCE label smoothing in [0, 1)
 * @param weights an ImageNet weights file (safetensors) to start from, or null
 * @param tta average with the mirrored image when predicting validation and test images
 * @param head the classification head: POOLED (global pool, dropout, linear), DENSE (the seed's flatten, dense
 *     512, dropout), STANDARD (the ImageNet head)
 * @param batchNorm batch norm after every conv of alexnet/vgg16
 * @param transfer freeze-then-fine-tune stages and the backbone's learning-rate multiplier
 * @param adversarial adversarial training (each batch attacked against the current weights), or null
 * @param patience early-stopping patience in epochs, on val_map
 */
public record ClassifierRecipe(String model, float width, Float dropout, int imageSize, int batch, int epochs,
        double lr, double weightDecay, String optimizer, long seed, int threads, double valFraction,
        float labelSmoothing, String weights, boolean tta, int patience,
        HeadKind head, boolean batchNorm, TransferSettings transfer, AdversarialTraining.Config adversarial) {

    public ClassifierRecipe {
        transfer = transfer == null ? TransferSettings.NONE : transfer;
        head = head == null ? HeadKind.POOLED : head;

        if (imageSize < 32 || batch <= 0 || epochs <= 0 || !(lr > 0) || weightDecay < 0 || threads < 0 || patience < 0) {
            throw new IllegalArgumentException("recipe needs imageSize >= 32, batch > 0, epochs > 0, lr > 0,"
                    + " weightDecay >= 0, threads >= 0, patience >= 0; got imageSize " + imageSize + ", batch " + batch
                    + ", epochs " + epochs + ", lr " + lr + ", weightDecay " + weightDecay + ", threads " + threads
                    + ", patience " + patience);
        }
        if (!optimizer.equals("adamw") && !optimizer.equals("sgd")) {
            throw new IllegalArgumentException("optimizer must be adamw or sgd, got " + optimizer);
        }
        if (!(valFraction > 0 && valFraction < 1)) {
            throw new IllegalArgumentException("valFraction must be in (0, 1), got " + valFraction);
        }
    }

    /** The defaults for a model: AdamW 1e-3, weight decay 1e-4 (0.05 would suit transformers), 30 epochs. */
    public static Builder builder(String model) {
        return new Builder(model);
    }

    /** {@code opt*} setters over the defaults. */
    public static final class Builder {
        private final String model;
        private float width = 1f;
        private Float dropout;
        private Integer imageSize;
        private int batch = 32;
        private int epochs = 30;
        private double lr = 1e-3;
        private double weightDecay = 1e-4;
        private String optimizer = "adamw";
        private long seed = 42;
        private int threads = 2;
        private double valFraction = 0.2;
        private float labelSmoothing;
        private String weights;
        private boolean tta;
        private int patience = 5;
        private HeadKind head = HeadKind.POOLED;
        private boolean batchNorm;
        private TransferSettings transfer = TransferSettings.NONE;
        private AdversarialTraining.Config adversarial;

        private Builder(String model) {
            this.model = model;
        }

        public Builder optWidth(float width) {
            this.width = width;
            return this;
        }

        public Builder optDropout(Float dropout) {
            this.dropout = dropout;
            return this;
        }

        public Builder optImageSize(int imageSize) {
            this.imageSize = imageSize;
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

        public Builder optLabelSmoothing(float labelSmoothing) {
            this.labelSmoothing = labelSmoothing;
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

        /** The classification head (default POOLED). */
        public Builder optHead(HeadKind head) {
            this.head = head;
            return this;
        }

        /** Batch norm after each conv of alexnet/vgg16 (torchvision's vgg16_bn). */
        public Builder optBatchNorm(boolean batchNorm) {
            this.batchNorm = batchNorm;
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

        public ClassifierRecipe build() {
            // AlexNet's 150 px: the course notebook's size; 224 px is torchvision's for the rest
            int size = imageSize != null ? imageSize : model.equals("alexnet") ? 150 : 224;
            return new ClassifierRecipe(model, width, dropout, size, batch, epochs, lr, weightDecay, optimizer, seed,
                    threads, valFraction, labelSmoothing, weights, tta, patience, head, batchNorm, transfer, adversarial);
        }
    }
}
