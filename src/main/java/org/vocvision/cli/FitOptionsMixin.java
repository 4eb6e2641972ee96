package org.vocvision.cli;

import java.util.List;
import org.vocvision.attack.AdversarialTraining;
import org.vocvision.attack.AttackExperiment;
import org.vocvision.train.TransferSettings;
import picocli.CommandLine.Option;

/** Options both train commands share: transfer learning's stages, adversarial training and resuming. */
final class FitOptionsMixin {

    @Option(names = "--freeze-epochs", defaultValue = "0", paramLabel = "N",
            description = "Train the head only for N epochs (backbone frozen, its batch norm in eval mode) (default ${DEFAULT-VALUE}).")
    int freezeEpochs;

    @Option(names = "--unfreeze", paramLabel = "STAGES",
            description = "Stages after --freeze-epochs: last-block and/or all, each optionally @EPOCH (0-based),"
                    + " e.g. last-block,all@8 (default: all at once).")
    String unfreeze;

    @Option(names = "--backbone-lr-mult", defaultValue = "1.0", paramLabel = "X",
            description = "Learning-rate factor of the unfrozen backbone; 0.1 is common for pretrained weights (default ${DEFAULT-VALUE}).")
    double backboneLrMultiplier;

    @Option(names = "--adversarial", paramLabel = "fgsm-rs|pgd",
            description = "Adversarial training: each batch is attacked (L-inf) against the current weights and trained on"
                    + " (fgsm-rs: Wong et al. 2020; pgd: Madry et al. 2018).")
    String adversarial;

    @Option(names = "--adv-eps", defaultValue = "2/255", paramLabel = "EPS",
            description = "L-inf budget of adversarial training in [0,1] pixels (default ${DEFAULT-VALUE}).")
    String adversarialEps;

    @Option(names = "--adv-steps", defaultValue = "7", paramLabel = "N",
            description = "PGD steps of adversarial training, each eps/4 (default ${DEFAULT-VALUE}).")
    int adversarialSteps;

    @Option(names = "--resume", description = "Continue the interrupted run in --run from its last checkpoint.")
    boolean resume;

    TransferSettings transfer() {
        return new TransferSettings(freezeEpochs, unfreeze, backboneLrMultiplier);
    }

    /** The adversarial-training settings, or null without --adversarial. */
    AdversarialTraining.Config adversarial() {
        if (adversarial == null) {
            return null;
        }
        List<Double> eps = AttackExperiment.parseEps(adversarialEps);
        if (eps.size() != 1) {
            throw new IllegalArgumentException("--adv-eps takes one budget, got '" + adversarialEps + "'");
        }
        return AdversarialTraining.Config.of(adversarial, eps.get(0), adversarialSteps);
    }
}
