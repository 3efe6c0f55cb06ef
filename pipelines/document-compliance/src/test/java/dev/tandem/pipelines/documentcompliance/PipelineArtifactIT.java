package dev.tandem.pipelines.documentcompliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.testsupport.Jars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The pipeline ships only its own classes (the pipelines layer, the agent's /app/pipelines): everything else they reference
 * must be in the artifact they run next to. Its step handlers run in the steps jar; its definition (blueprint, governed
 * step) is also loaded by the API's functions.
 */
class PipelineArtifactIT {

    private static final Path CLASSES = Path.of("target/classes");

    private static Path artifact(String module, String prefix, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("..", "..", module, "target"))) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(suffix))
                    .findFirst().orElseThrow(() -> new IllegalStateException(module + ": " + prefix + "*" + suffix + " is not built"));
        }
    }

    private static List<String> missing(Path artifact) {
        return Jars.missingClasses(CLASSES, artifact).stream().filter(line -> line.startsWith("dev.tandem")).toList();
    }

    @Test
    void everyClass_findsWhatItReferences_inTheStepsJar() throws IOException {
        assertThat(missing(artifact("functions", "functions-", "-steps.jar"))).isEmpty();
    }

    @Test
    void theDefinition_findsWhatItReferences_inTheApiJar() throws IOException {
        // The step handlers are not loaded there; the definition classes are (GET /v1/pipelines, POST /v1/jobs). The agent
        // loads the same definition classes: AgentProcessIT runs its jar with this pipeline's and governs a task.
        assertThat(missing(artifact("functions", "functions-", "-api.jar")))
                .filteredOn(line -> !line.startsWith("dev.tandem.pipelines.documentcompliance.steps.")).isEmpty();
    }

    @Test
    void theCheckCatchesAClassTheArtifactLacks() throws IOException {
        // Against the API jar, the step handlers do miss their base classes: the check sees such references.
        assertThat(missing(artifact("functions", "functions-", "-api.jar")))
                .anyMatch(line -> line.startsWith("dev.tandem.pipelines.documentcompliance.steps.") && line.contains("StepFunction"));
    }
}
