package dev.tandem.local;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.tandem.cdk.app.Artifacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The core modules are a framework for pipelines, not the home of one: no class of a core module depends on a pipeline
 * module's classes (the packages under {@code dev.tandem.pipelines}). Together with {@link PipelineBoundaryTest}, which
 * catches a pipeline named in text (resources, strings), this keeps pipelines plug-ins.
 */
class ArchitectureTest {

    private static final List<String> CORE = List.of("shared-contracts", "shared-aws", "functions", "agent-service", "cdk", "local-stack",
            "test-support");

    @Test
    void noCoreClass_dependsOnAPipelineModule() {
        Path root = Artifacts.root(Path.of("").toAbsolutePath());
        List<Path> classes = new ArrayList<>();
        for (String module : CORE) {
            Path dir = root.resolve(module).resolve("target/classes");
            if (Files.isDirectory(dir)) {
                classes.add(dir);
            }
        }
        assertThat(classes).as("the core modules are built").hasSize(CORE.size());
        JavaClasses core = new ClassFileImporter().importPaths(classes);
        assertThat(core.size()).as("classes imported from the core modules").isGreaterThan(200);

        EvaluationResult result = noClasses().should().dependOnClassesThat().resideInAPackage("dev.tandem.pipelines..")
                .because("pipelines plug into the core through the pipeline SPI; the core names none of them")
                .evaluate(core);

        assertThat(result.getFailureReport().getDetails()).isEmpty();
    }

    @Test
    void theRuleCatchesAViolation() {
        // A class of a pipeline module depends on its own package: proof the rule sees such dependencies at all.
        Path root = Artifacts.root(Path.of("").toAbsolutePath());
        JavaClasses pipeline = new ClassFileImporter().importPath(root.resolve("pipelines/document-compliance/target/classes"));

        EvaluationResult result = noClasses().should().dependOnClassesThat().resideInAPackage("dev.tandem.pipelines..")
                .evaluate(pipeline);

        assertThat(result.hasViolation()).isTrue();
    }
}
