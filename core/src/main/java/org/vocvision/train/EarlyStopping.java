package org.vocvision.train;

import org.vocvision.run.EpochResult;
import ai.djl.MalformedModelException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops training when the monitored quantity has not improved by more than {@code minDelta} for
 * {@code patience} epochs, as Keras' {@code EarlyStopping} ({@code keras/src/callbacks/early_stopping.py}):
 * the wait counter grows every epoch and resets on improvement; stop when it reaches patience.
 * With {@code restoreBest} the best epoch's parameters (kept in memory) are put back on stopping
 * and at the end of training. After a resume the in-memory copy starts again from the resumed
 * epoch; the best checkpoint on disk still holds the overall best.
 */
public final class EarlyStopping implements Callback {

    private static final Logger LOG = LoggerFactory.getLogger(EarlyStopping.class);

    private final String monitor;
    private final int patience;
    private final boolean restoreBest;
    private final Plateau plateau;
    private int bestEpoch;
    private byte[] bestParameters;

    public EarlyStopping(String monitor, Mode mode, int patience, double minDelta, boolean restoreBest) {
        if (patience < 0 || minDelta < 0) {
            throw new IllegalArgumentException("EarlyStopping needs patience >= 0 and minDelta >= 0, got "
                    + patience + ", " + minDelta);
        }
        this.monitor = monitor;
        this.patience = patience;
        this.restoreBest = restoreBest;
        this.plateau = new Plateau(mode, minDelta);
    }

    @Override
    public void onEpochEnd(EpochResult epoch, FitControl control) throws IOException {
        plateau.wait++;
        if (plateau.improvedBy(epoch.get(monitor))) {
            bestEpoch = epoch.epoch();
            if (restoreBest) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                control.model().saveParameters(new DataOutputStream(bytes));
                bestParameters = bytes.toByteArray();
            }
            return;
        }
        if (plateau.wait >= patience && epoch.epoch() > 1) {
            LOG.info("epoch {}: {} has not improved for {} epochs (best {} at epoch {}), stopping",
                    epoch.epoch(), monitor, plateau.wait, plateau.best, bestEpoch);
            control.stopTraining();
        }
    }

    @Override
    public void onTrainEnd(FitControl control) throws IOException {
        if (restoreBest && bestParameters != null) {
            try {
                control.model().loadParameters(control.manager(),
                        new DataInputStream(new ByteArrayInputStream(bestParameters)));
            } catch (MalformedModelException e) {
                throw new IOException("cannot restore the best parameters of epoch " + bestEpoch, e);
            }
            LOG.info("restored the parameters of epoch {} ({} = {})", bestEpoch, monitor, plateau.best);
        }
    }

    /** The epoch with the best monitored value so far (1-based), 0 before any improvement. */
    public int bestEpoch() {
        return bestEpoch;
    }

    @Override
    public JsonNode state() {
        return plateau.state().put("best_epoch", bestEpoch);
    }

    @Override
    public void restore(JsonNode state) {
        plateau.restore(state);
        bestEpoch = state.get("best_epoch").asInt();
    }
}
