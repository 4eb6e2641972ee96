package org.vocvision.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry, the settings and their command-line words. */
class AttackSettingsTest {

    @Test
    void epsListsFromNumbersAndFractions() {
        assertEquals(List.of(0.0, 1.0 / 255, 0.03), EpsList.parse("0,1/255, 0.03"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EpsList.parse("0,abc"));
        assertTrue(e.getMessage().contains("'abc'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EpsList.parse("2"));
        assertThrows(IllegalArgumentException.class, () -> EpsList.parse("1/0"));
        assertThrows(IllegalArgumentException.class, () -> EpsList.parse("8/255,"));
    }

    @Test
    void defencesFromTheirWords() {
        assertEquals(new JpegReencode(75), InputDefence.parse("jpeg:75"));
        assertEquals(new BitDepthReduction(4), InputDefence.parse("BITS:4"));
        assertEquals(new MedianFilter(3), InputDefence.parse("median:3"));
        assertEquals(null, InputDefence.parse(null));
        for (String bad : List.of("jpeg", "blur:3", "jpeg:high")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InputDefence.parse(bad));
            assertTrue(e.getMessage().contains(bad.split(":")[bad.contains(":") && bad.startsWith("jpeg") ? 1 : 0]), e.getMessage());
        }
    }

    @Test
    void settingsRefuseWhatIsNotImplemented() {
        IllegalArgumentException l2 = assertThrows(IllegalArgumentException.class, () -> Attacks.get("fgsm")
                .check(new AttackParams(Norm.L2, 0, 0, false), LabelGoal.class));
        assertTrue(l2.getMessage().contains("linf") && l2.getMessage().contains("l2"), l2.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AttackSettings("cw",
                AttackParams.DEFAULT, List.of(0.1), null, 1, 1, 0, null));
        assertTrue(e.getMessage().contains("pgd"), e.getMessage());
        Attacks.get("pgd").check(new AttackParams(Norm.L2, 0, 0, false), MaskGoal.class);
    }

    @Test
    void registryDeclaresEachAttack() {
        assertEquals(List.of("fgsm", "bim", "pgd", "mifgsm", "universal", "generator"), Attacks.names());
        assertEquals(AttackEntry.Kind.SINGLE_STEP, Attacks.get("FGSM").kind());
        assertEquals(10, AttackParams.DEFAULT.stepsFor(Attacks.get("pgd").kind()));
        assertEquals(5, AttackParams.DEFAULT.stepsFor(Attacks.get("generator").kind()));
        for (AttackEntry entry : Attacks.all()) {
            assertTrue(entry.norms().contains(Norm.LINF), entry.name());
            assertTrue(entry.goals().contains(LabelGoal.class) && entry.goals().contains(MaskGoal.class), entry.name());
        }
    }
}
