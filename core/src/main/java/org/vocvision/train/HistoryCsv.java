package org.vocvision.train;

import org.vocvision.run.EpochResult;
import org.vocvision.run.RunDir;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rewrites {@code history.csv} in the run directory after every epoch, from the whole history (so a
 * resumed run's file holds every epoch): {@code epoch,lr,train_loss,val_loss,<metrics...>,seconds,rss_mb}.
 */
public final class HistoryCsv implements Callback {

    @Override
    public void onEpochEnd(EpochResult epoch, FitControl control) throws IOException {
        if (control.runDir() == null) {
            return;
        }
        RunDir.writeText(new RunDir(control.runDir()).history(), render(control.history()));
    }

    /** The CSV text for a history; metric columns come from the last epoch. */
    static String render(List<EpochResult> history) {
        List<String> metrics = new ArrayList<>(history.get(history.size() - 1).metrics().keySet());
        StringBuilder out = new StringBuilder("epoch,lr,train_loss,val_loss");
        metrics.forEach(m -> out.append(',').append(m));
        out.append(",seconds,rss_mb\n");
        for (EpochResult e : history) {
            out.append(e.epoch()).append(',').append(number(e.lr())).append(',').append(number(e.trainLoss()))
                    .append(',').append(number(e.valLoss()));
            for (String m : metrics) {
                Double value = e.metrics().get(m);
                out.append(',').append(value == null ? "" : number(value));
            }
            out.append(',').append(String.format(Locale.ROOT, "%.2f", e.seconds()));
            out.append(',').append(Double.isNaN(e.rssMb()) ? "" : String.format(Locale.ROOT, "%.0f", e.rssMb())).append('\n');
        }
        return out.toString();
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.6g", value);
    }
}
