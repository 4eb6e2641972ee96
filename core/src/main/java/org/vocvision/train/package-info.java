/**
 * Training shared by classification and segmentation: one loop ({@link org.vocvision.train.Fit}),
 * and the pieces a recipe chooses.
 *
 * <ul>
 *   <li>Losses (DJL {@code Loss}): {@link org.vocvision.train.WeightedBceLoss} (pos_weight, label
 *       smoothing), {@link org.vocvision.train.AsymmetricLoss}, {@link org.vocvision.train.IgnoreIndexCrossEntropy}
 *       (class weights, 255 ignored), {@link org.vocvision.train.DiceLoss}, {@link org.vocvision.train.WeightedSumLoss}.</li>
 *   <li>Optimisers: {@link org.vocvision.train.AdamW}, {@link org.vocvision.train.Sgd}; no decay on
 *       biases and norms; per-parameter lr multiplier; global-norm clipping in Fit.</li>
 *   <li>Schedules: {@link org.vocvision.train.LrSchedule} (cosine with warm-up, step, poly; per step or epoch).</li>
 *   <li>Callbacks: {@link org.vocvision.train.ReduceLrOnPlateau}, {@link org.vocvision.train.EarlyStopping},
 *       {@link org.vocvision.train.BestCheckpoint}, {@link org.vocvision.train.LastCheckpoint},
 *       {@link org.vocvision.train.HistoryCsv}, {@link org.vocvision.train.LearningCurves}.</li>
 *   <li>Checkpoints: {@link org.vocvision.train.Checkpoint} (one atomic zip + JSON sidecar, exact resume).</li>
 *   <li>Transfer learning: {@link org.vocvision.train.Finetuning} over {@link org.vocvision.train.TrainableParts}.</li>
 * </ul>
 *
 * <p>The task plugs in through {@link org.vocvision.train.Target} (class vectors or masks) and a
 * {@link org.vocvision.train.ValidationMetric} (mAP/F1 or mIoU/pixel accuracy from the metric package).
 */
package org.vocvision.train;
