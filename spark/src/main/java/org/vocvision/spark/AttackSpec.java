package org.vocvision.spark;

import java.io.Serializable;
import org.vocvision.attack.AttackParams;
import org.vocvision.attack.AttackSettings;
import org.vocvision.attack.EpsList;
import org.vocvision.attack.InputDefence;
import org.vocvision.attack.Norm;

/** A sweep's settings as the command line gave them: sent to the executors, each rebuilds the same settings. */
record AttackSpec(String method, String norm, String eps, int steps, double stepSize, String target, boolean segPgd,
        String defence, int limit, int batchSize, long seed) implements Serializable {

    AttackSettings settings() {
        return new AttackSettings(method, new AttackParams(Norm.named(norm), steps, stepSize, segPgd), EpsList.parse(eps),
                target, limit, batchSize, seed, InputDefence.parse(defence));
    }
}
