package org.vocvision.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vocvision.run.EpochResult;

/**
 * Multiplies the learning rate by {@code factor} when the monitored quantity has not improved by
 * more than {@code minDelta} for {@code patience} epochs, then waits {@code cooldown} epochs;
 * never below {@code minLr}. Step for step as Keras' {@code ReduceLROnPlateau}
 * ({@code keras/src/callbacks/reduce_lr_on_plateau.py}).
 */
public final class ReduceLrOnPlateau implements Callback {

    private static final Logger LOG = LoggerFactory.getLogger(ReduceLrOnPlateau.class);

    private final String monitor;
    private final double factor;
    private final int patience;
    private final int cooldown;
    private final double minLr;
    private final Plateau plateau;
    private int cooldownCounter;

    public ReduceLrOnPlateau(String monitor, Mode mode, double factor, int patience, double minDelta,
            int cooldown, double minLr) {
        if (factor <= 0 || factor >= 1) {
            throw new IllegalArgumentException("ReduceLrOnPlateau factor must be in (0, 1), got " + factor);
        }
        if (patience < 0 || cooldown < 0 || minDelta < 0 || minLr < 0) {
            throw new IllegalArgumentException("ReduceLrOnPlateau needs patience, cooldown, minDelta, minLr >= 0");
        }
        this.monitor = monitor;
        this.factor = factor;
        this.patience = patience;
        this.cooldown = cooldown;
        this.minLr = minLr;
        this.plateau = new Plateau(mode, minDelta);
    }

    /** Keras' defaults: factor 0.1, patience 10, min_delta 1e-4, no cooldown, min_lr 0. */
    public ReduceLrOnPlateau(String monitor) {
        this(monitor, Mode.auto(monitor), 0.1, 10, 1e-4, 0, 0);
    }

    @Override
    public void onEpochEnd(EpochResult epoch, FitControl control) {
        double current = epoch.get(monitor);
        if (Double.isNaN(current)) {
            return;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            plateau.wait = 0;
        }
        if (!plateau.improvedBy(current) && cooldownCounter == 0) {
            plateau.wait++;
            if (plateau.wait >= patience) {
                double old = control.learningRate();
                if (old > minLr) {
                    double reduced = Math.max(old * factor, minLr);
                    control.setLearningRate(reduced);
                    LOG.info("epoch {}: {} has not improved for {} epochs, learning rate {} -> {}",
                            epoch.epoch(), monitor, plateau.wait, String.format(Locale.ROOT, "%.3g", old),
                            String.format(Locale.ROOT, "%.3g", reduced));
                    cooldownCounter = cooldown;
                    plateau.wait = 0;
                }
            }
        }
    }

    @Override
    public JsonNode state() {
        return plateau.state().put("cooldown_counter", cooldownCounter);
    }

    @Override
    public void restore(JsonNode state) {
        plateau.restore(state);
        cooldownCounter = state.get("cooldown_counter").asInt();
    }
}
