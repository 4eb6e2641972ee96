package org.vocvision.report;

import java.io.IOException;
import java.nio.file.Path;
import org.vocvision.attack.AttackReport;
import org.vocvision.attack.EpsResult;

/** The robustness curve PNG: success rate and the task metric against eps (in 1/255 steps). */
public final class RobustnessCurve {

    private RobustnessCurve() {}

    /**
     * Writes the curve of {@code report} to {@code file}.
     *
     * @param metricName the metric's name for the legend, e.g. "mAP" or "mIoU"
     */
    public static void write(Path file, AttackReport report, String metricName) throws IOException {
        int n = report.results().size();
        double[] eps = new double[n];
        double[] success = new double[n];
        double[] metric = new double[n];
        for (int i = 0; i < n; i++) {
            EpsResult r = report.results().get(i);
            eps[i] = r.eps() * 255;
            success[i] = r.successRate();
            metric[i] = r.metric();
        }
        LineChart chart = new LineChart(report.method() + " on " + report.task(), "eps (x 1/255)", "rate")
                .yRange(0, 1)
                .add(new LineChart.Series("success rate", eps, success))
                .add(new LineChart.Series(metricName + " under attack", eps, metric));
        chart.writePng(file, 640, 420);
    }
}
