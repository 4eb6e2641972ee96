package org.vocvision.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * What an attack tries to achieve on a batch. Untargeted goals push the model away from the truth;
 * targeted goals pull it towards a chosen output.
 */
public sealed interface Goal {

    /** The task whose logits this goal is stated against. */
    Task task();

    /** Whether the attack minimises the distance to a target rather than maximising it from the truth. */
    default boolean targeted() {
        return !(this instanceof Untargeted);
    }

    /** The arrays this goal holds (so a computation can scope them). */
    java.util.List<NDArray> arrays();

    /**
     * Move away from the true labels or masks.
     *
     * @param truth (N,20) 0/1 float targets for classification, (N,H,W) class indices (255 void) for segmentation
     */
    record Untargeted(Task task, NDArray truth) implements Goal {

        /** Untargeted on a data batch's truth: its class targets, or its masks for segmentation. */
        public static Untargeted of(Task task, org.vocvision.data.Batch batch, ai.djl.ndarray.NDManager manager) {
            return new Untargeted(task, task == Task.CLASSIFICATION ? batch.targets(manager) : batch.masks(manager));
        }
        @Override
        public java.util.List<NDArray> arrays() {
            return java.util.List.of(truth);
        }
    }

    /**
     * Make the classifier output {@code target} on the classes where {@code care} is 1 (e.g. add "cat",
     * remove "person" and leave the other 18 classes free).
     *
     * @param target (N,20) or (20) 0/1 floats
     * @param care (N,20) or (20) 0/1 floats: which classes the goal is about
     */
    record TargetedLabels(NDArray target, NDArray care) implements Goal {
        @Override
        public java.util.List<NDArray> arrays() {
            return java.util.List.of(target, care);
        }

        @Override
        public Task task() {
            return Task.CLASSIFICATION;
        }
    }

    /**
     * Make the segmenter output {@code target}; pixels marked 255 are free.
     *
     * @param target (N,H,W) class indices, 255 = don't care
     */
    record TargetedMask(NDArray target) implements Goal {
        @Override
        public java.util.List<NDArray> arrays() {
            return java.util.List.of(target);
        }

        @Override
        public Task task() {
            return Task.SEGMENTATION;
        }

        /**
         * Class {@code cls} vanishes into background: pixels predicted as {@code cls} must become 0,
         * every other pixel keeps its clean prediction.
         *
         * @param cleanPrediction (N,H,W) argmax of the clean logits
         */
        public static TargetedMask vanish(NDArray cleanPrediction, int cls) {
            NDArray prediction = cleanPrediction.toType(DataType.INT64, false);
            NDArray isClass = prediction.eq(cls).toType(DataType.INT64, false);
            return new TargetedMask(prediction.mul(isClass.neg().add(1)));
        }

        /**
         * Paint a region as class {@code cls}; pixels outside the region are free.
         *
         * @param region (N,H,W) boolean or 0/1: where the class must appear
         */
        public static TargetedMask paint(NDArray region, int cls) {
            NDArray inside = region.toType(DataType.INT64, false);
            // inside -> cls, outside -> 255
            return new TargetedMask(inside.mul(cls - 255).add(255));
        }
    }
}
