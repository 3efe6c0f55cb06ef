package dev.tandem.cdk.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scripts/placement}: the operations CLI's {@code placement} command, its report and its exit codes. */
class PlacementCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "placement";
        System.arraycopy(args, 0, all, 1, args.length);
        return OpsCli.run(all, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> {
                    throw new AssertionError("the placement report calls no AWS API");
                }, Clock.systemUTC());
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theRegisteredPipelines_areReported_andAgreeWithTheAdvisor() {
        assertThat(run()).isEqualTo(OpsCli.OK);

        assertThat(out()).contains("Pipeline document-compliance 1.0.0, prices us-east-1 as of 2025-06-01")
                .containsPattern("(?m)^Govern\\s+TASK\\s+AGENT\\s+AGENT\\s+\\$\\d+\\.\\d{4}")
                .contains("OK: every declared placement agrees with the advisor.");
        assertThat(err()).isEmpty();
    }

    @Test
    void aContradictingBlueprint_exitsOne_namingTheStep() {
        assertThat(run("--blueprint", dev.tandem.cdk.ContradictingBlueprint.class.getName())).isEqualTo(OpsCli.FAILED);

        assertThat(out()).containsPattern("Govern\\s+TASK\\s+FUNCTION\\s+AGENT  <-- contradiction");
        assertThat(err()).contains("CONTRADICTION: step Govern is declared FUNCTION but the advisor says AGENT").contains("1 step(s) contradict");
    }

    @Test
    void pricingOverrides_changeTheFigures(@TempDir Path dir) throws Exception {
        Path prices = dir.resolve("prices.properties");
        Files.writeString(prices, "asOf=2030-01-01\n");

        assertThat(run("--pricing", prices.toString())).as(err()).isEqualTo(OpsCli.OK);
        assertThat(out()).contains("as of 2030-01-01");
    }

    @Test
    void usageErrors_exitTwo_sayingWhatToFix_andHelpExitsZero() {
        assertThat(run("--frobnicate")).isEqualTo(OpsCli.USAGE);
        assertThat(run("--blueprint", "no.such.Blueprint")).isEqualTo(OpsCli.USAGE);
        assertThat(run("--pricing")).isEqualTo(OpsCli.USAGE);
        assertThat(err()).contains("Unknown option: '--frobnicate'").contains("blueprint class no.such.Blueprint is not on the classpath")
                .contains("Missing required parameter for option '--pricing'").contains("run placement --help for its usage");

        assertThat(run("--help")).isEqualTo(OpsCli.OK);
        assertThat(out()).contains("Usage: tandem-ops placement").contains("--blueprint=CLASS").contains("--pricing=FILE");
    }
}
