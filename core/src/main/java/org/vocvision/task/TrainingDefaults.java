package org.vocvision.task;

/**
 * A task's default training recipe for one situation (from scratch or pretrained), what {@code train} uses
 * where the user says nothing. There is no early-stopping patience: by default a run goes to its last epoch,
 * the schedule decays the rate to zero, and the best epoch's checkpoint is kept.
 *
 * @param optimizer "adamw" or "sgd"
 * @param nesterov whether SGD uses Nesterov momentum
 * @param lr peak learning rate
 * @param weightDecay decoupled (AdamW) or L2 (SGD) weight decay
 * @param schedule "cosine" (warm-up, then half a cosine) or "poly" (DeepLab's, power 0.9)
 * @param warmupEpochs linear warm-up epochs (runs of fewer than 3 epochs skip it)
 * @param batch mini-batch size
 * @param epochs most epochs
 */
public record TrainingDefaults(String optimizer, boolean nesterov, double lr, double weightDecay, String schedule, int warmupEpochs,
        int batch, int epochs) {}
