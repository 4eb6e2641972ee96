package org.vocvision;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/ARCHITECTURE.md's package arrows, checked on the compiled classes with ArchUnit. */
class ArchitectureTest {

    /** The "uses" column of docs/ARCHITECTURE.md; {@code engine} may be used by any package. */
    private static final Map<String, Set<String>> USES = new LinkedHashMap<>();

    static {
        USES.put("data", Set.of());
        USES.put("engine", Set.of());
        USES.put("metric", Set.of("data"));
        USES.put("model", Set.of("data"));
        USES.put("loss", Set.of("data"));
        USES.put("predict", Set.of("data", "model"));
        USES.put("attack", Set.of("data"));
        USES.put("run", Set.of("data"));
        USES.put("report", Set.of("data", "metric", "predict", "attack", "run"));
        USES.put("task", Set.of("data", "metric", "loss", "predict", "attack", "run", "report"));
        USES.put("train", Set.of("data", "metric", "model", "predict", "task", "run", "attack", "report"));
        USES.put("submit", Set.of("data", "metric", "predict", "train"));
        USES.put("serve", Set.of("data", "metric", "model", "predict", "attack", "task", "train"));
        USES.put("pipeline", Set.of("data", "metric", "model", "loss", "predict", "attack", "run", "report", "task",
                "train", "submit"));
        USES.put("bench", Set.of("data", "model", "task", "train"));
    }

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.vocvision");
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("org.vocvision.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void eachPackageUsesOnlyWhatTheArchitectureSays() {
        List<String> all = new java.util.ArrayList<>(USES.keySet());
        all.add("cli"); // used by nothing
        for (Map.Entry<String, Set<String>> e : USES.entrySet()) {
            String[] forbidden = all.stream()
                    .filter(p -> !p.equals(e.getKey()) && !p.equals("engine") && !e.getValue().contains(p))
                    .map(p -> "org.vocvision." + p + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("org.vocvision." + e.getKey() + "..").should().dependOnClassesThat()
                    .resideInAnyPackage(forbidden).check(classes);
        }
    }
}
