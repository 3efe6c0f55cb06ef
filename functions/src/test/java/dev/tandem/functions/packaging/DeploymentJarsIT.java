package dev.tandem.functions.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.contracts.pipeline.spi.Pipelines;
import dev.tandem.testsupport.Jars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Lambda deployment jars (what the CDK app uploads) are complete: no Tandem class references a
 * class its own jar lacks. Lambda would fail exactly there, with {@code NoClassDefFoundError}, at init
 * or in the middle of a request; {@code jdeps} finds every such reference in seconds, at build time.
 * Runs after {@code package}, on the shaded jars themselves.
 */
class DeploymentJarsIT {

    /** Lambda's limits for a deployment package uploaded through S3: 50 MB zipped, 250 MB unzipped. */
    private static final long MAX_ZIPPED = 50L * 1024 * 1024;
    private static final long MAX_UNZIPPED = 250L * 1024 * 1024;

    @ParameterizedTest
    @ValueSource(strings = {"-api.jar", "-steps.jar"})
    void everyTandemClassFindsWhatItReferencesInsideItsJar(String suffix) {
        Path jar = jar(suffix);
        List<String> missing = Jars.missingClasses(jar).stream().filter(line -> line.startsWith("dev.tandem")).toList();
        assertThat(missing).as("dev.tandem classes in %s referencing classes the jar lacks", jar.getFileName()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-api.jar", "-steps.jar"})
    void staysWithinLambdasPackageLimits(String suffix) throws IOException {
        Path jar = jar(suffix);
        long unzipped = 0;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            unzipped = zip.stream().mapToLong(e -> Math.max(0, e.getSize())).sum();
        }
        assertThat(Files.size(jar)).isLessThan(MAX_ZIPPED);
        assertThat(unzipped).isLessThan(MAX_UNZIPPED);
    }

    @Test
    void theCheckFindsAReferenceToAClassTheJarLacks() throws IOException {
        // The check itself must be able to fail: a copy of the steps jar without the SSM exception class
        // the kill switch catches (the very defect the steps jar once shipped with).
        Path broken = Files.createTempFile("broken-steps", ".jar");
        try {
            Jars.copyWithout(jar("-steps.jar"), broken, "software/amazon/awssdk/services/ssm/model/ParameterNotFoundException.class");
            assertThat(Jars.missingClasses(broken)).anyMatch(line -> line.startsWith("dev.tandem")
                    && line.contains("software.amazon.awssdk.services.ssm.model.ParameterNotFoundException"));
        } finally {
            Files.deleteIfExists(broken);
        }
    }

    static Path jar(String suffix) {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().startsWith("functions-") && p.getFileName().toString().endsWith(suffix))
                    .findFirst().orElseThrow(() -> new IllegalStateException("functions-*" + suffix + " is not built (mvn package)"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-api.jar", "-steps.jar"})
    void everyRegisteredPipeline_findsWhatItReferences_inTheArtifactItRunsNextTo(String suffix) {
        // A pipeline ships only its own classes (the layer): all else must come from the function's artifact.
        List<Path> pipelines = Pipelines.all().stream().map(Pipelines::codeSource).toList();
        assertThat(pipelines).as("registered pipelines").isNotEmpty();
        for (Path pipeline : pipelines.stream().distinct().toList()) {
            List<String> missing = Jars.missingClasses(pipeline, jar(suffix)).stream().filter(line -> line.startsWith("dev.tandem")).toList();
            assertThat(missing).as("classes of %s referencing classes neither it nor %s has", pipeline.getFileName(), jar(suffix).getFileName())
                    .isEmpty();
        }
    }
}
