package dev.tandem.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.cdk.app.Artifacts;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Core modules name no pipeline, not even in text (resources, strings, comments): pipelines are discovered
 * ({@link Pipelines}), never listed in core code. {@link ArchitectureTest} checks the same for class dependencies.
 */
class PipelineBoundaryTest {

    private static final List<String> CORE = List.of("shared-contracts", "shared-aws", "functions", "agent-service", "cdk",
            "local-stack", "test-support");

    /** Core files that name a pipeline: none (the list may only shrink; it is empty). */
    private static final Set<String> NOT_YET_MOVED = Set.of();

    @Test
    void onlyTheListedFilesOfCoreModulesNameAPipeline() throws IOException {
        Path root = Artifacts.root(Path.of("").toAbsolutePath());
        List<String> names = new ArrayList<>();
        Set<String> pipelines = new TreeSet<>();
        Pipelines.all().forEach(p -> pipelines.add(p.name()));
        // Every module under pipelines/ that registers a pipeline, whether or not this module's tests load it.
        try (Stream<Path> modules = Files.list(root.resolve("pipelines"))) {
            modules.filter(m -> Files.exists(m.resolve("src/main/resources/META-INF/services/" + PipelineDefinition.class.getName())))
                    .forEach(m -> pipelines.add(m.getFileName().toString()));
        }
        for (String p : pipelines) {
            names.add(p);
            names.add(camelCase(p));
        }
        Set<String> naming = new TreeSet<>();
        for (String module : CORE) {
            Path main = root.resolve(module).resolve("src/main");
            if (!Files.isDirectory(main)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(main)) {
                files.filter(Files::isRegularFile).filter(f -> names.stream().anyMatch(n -> read(f).contains(n)))
                        .forEach(f -> naming.add(root.relativize(f).toString().replace('\\', '/')));
            }
        }
        assertThat(names).as("registered pipelines").isNotEmpty();
        assertThat(naming).as("core files naming a pipeline " + names).containsExactlyInAnyOrderElementsOf(NOT_YET_MOVED);
    }

    private static String camelCase(String name) {
        StringBuilder out = new StringBuilder();
        for (String part : name.split("-")) {
            out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
