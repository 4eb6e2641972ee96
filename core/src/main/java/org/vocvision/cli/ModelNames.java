package org.vocvision.cli;

import java.util.Iterator;
import org.vocvision.model.Zoo;
import org.vocvision.task.Task;

/** The registry's model names as picocli's completion candidates, so help texts list what is registered. */
final class ModelNames {

    private ModelNames() {}

    /** Every registered model. */
    static final class All implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Zoo.names().iterator();
        }
    }

    /** The classifiers. */
    static final class Classifiers implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Zoo.names(Task.CLASSIFICATION.name()).iterator();
        }
    }

    /** The segmenters. */
    static final class Segmenters implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Zoo.names(Task.SEGMENTATION.name()).iterator();
        }
    }

    /** The DeepLabV3+ encoders. */
    static final class Encoders implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Zoo.encoderNames().iterator();
        }
    }
}
