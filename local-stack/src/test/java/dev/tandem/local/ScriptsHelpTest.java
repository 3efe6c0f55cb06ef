package dev.tandem.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every script answers --help with its usage and exit 0, without building or touching anything. */
class ScriptsHelpTest {

    private static final Path SCRIPTS = dev.tandem.cdk.app.Artifacts.root(Path.of("").toAbsolutePath()).resolve("scripts");

    @Test
    void everyScript_answersHelpWithItsUsage_andExitZero() throws Exception {
        List<Path> scripts;
        try (Stream<Path> files = Files.list(SCRIPTS)) {
            // cdk-app is cdk.json's app command, not a command people run.
            scripts = files.filter(Files::isRegularFile).filter(Files::isExecutable)
                    .filter(p -> !p.getFileName().toString().equals("cdk-app")).sorted().toList();
        }
        assertThat(scripts).hasSizeGreaterThanOrEqualTo(10);
        for (Path script : scripts) {
            Process p = new ProcessBuilder(script.toString(), "--help").redirectErrorStream(true).start();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(script + " answers at once").isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(script + ": " + out).isZero();
            assertThat(out).as(script.getFileName().toString()).isNotBlank().doesNotContain("error:").doesNotContain("set -euo");
        }
    }
}
