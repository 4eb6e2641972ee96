package org.vocvision.attack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The attack registry (torchattacks' one-class-per-attack, with a registry as timm's models have): a name
 * maps to an {@link AttackEntry}. Adding an attack is its file plus one {@code register} line here; the
 * command line, its help, the sweep and adversarial training all read this list.
 */
public final class Attacks {

    private static final Map<String, AttackEntry> ENTRIES = new LinkedHashMap<>();

    static {
        register(new AttackEntry("fgsm", "fast gradient sign method (Goodfellow et al. 2015)", AttackEntry.LINF_ONLY,
                AttackEntry.ANY_GOAL, AttackEntry.Kind.SINGLE_STEP, false, (eps, p, steps, fit) -> new Fgsm(eps)));
        register(new AttackEntry("bim", "basic iterative method, I-FGSM (Kurakin et al. 2017)", AttackEntry.LINF_ONLY,
                AttackEntry.ANY_GOAL, AttackEntry.Kind.ITERATIVE, true, (eps, p, steps, fit) -> p.segPgd()
                        // BIM is PGD without the random start
                        ? Pgd.builder().setEps(eps).optAlpha(p.stepSizeAt(eps)).optSteps(steps).optRandomStart(false)
                                .optSegPgd(true).build()
                        : new Bim(eps, p.stepSizeAt(eps), steps)));
        register(new AttackEntry("pgd", "projected gradient descent with random start (Madry et al. 2018)",
                Set.copyOf(AttackEntry.ALL_NORMS), AttackEntry.ANY_GOAL, AttackEntry.Kind.ITERATIVE, true,
                (eps, p, steps, fit) -> Pgd.builder().setEps(eps).optAlpha(p.stepSizeAt(eps)).optSteps(steps)
                        .optNorm(p.norm()).optSegPgd(p.segPgd()).build()));
        register(new AttackEntry("mifgsm", "momentum iterative FGSM (Dong et al. 2018)", AttackEntry.LINF_ONLY,
                AttackEntry.ANY_GOAL, AttackEntry.Kind.ITERATIVE, false,
                (eps, p, steps, fit) -> new MiFgsm(eps, p.stepSizeAt(eps), steps, 1.0)));
        register(new AttackEntry("universal", "one image-agnostic perturbation (Moosavi-Dezfooli et al. 2017)",
                AttackEntry.LINF_ONLY, AttackEntry.ANY_GOAL, AttackEntry.Kind.FITTED, false,
                (eps, p, steps, fit) -> UniversalPerturbation.fit(fit.model(), fit.batches(), fit.goals(), eps,
                        p.stepSizeAt(eps), steps)));
        register(new AttackEntry("generator", "a trained perturbation generator (Poursaeed et al. 2018)",
                AttackEntry.LINF_ONLY, AttackEntry.ANY_GOAL, AttackEntry.Kind.FITTED, false,
                (eps, p, steps, fit) -> GeneratorAttack.builder().setEps(eps).optEpochs(steps)
                        .train(fit.model(), fit.batches(), fit.goals())));
    }

    private Attacks() {}

    private static void register(AttackEntry entry) {
        if (ENTRIES.putIfAbsent(entry.name(), entry) != null) {
            throw new IllegalStateException("attack '" + entry.name() + "' registered twice");
        }
    }

    /** The entry of a registered attack; an unknown name is refused with the valid ones. */
    public static AttackEntry get(String name) {
        AttackEntry e = name == null ? null : ENTRIES.get(name.toLowerCase(java.util.Locale.ROOT));
        if (e == null) {
            throw new IllegalArgumentException("unknown attack method '" + name + "'; valid: " + String.join(", ", names()));
        }
        return e;
    }

    /** The registered names, in registration order. */
    public static List<String> names() {
        return new ArrayList<>(ENTRIES.keySet());
    }

    /** Every registered attack, in registration order. */
    public static List<AttackEntry> all() {
        return List.copyOf(ENTRIES.values());
    }
}
