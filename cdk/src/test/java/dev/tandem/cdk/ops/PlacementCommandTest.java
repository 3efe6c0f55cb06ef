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

    private static Path kpis(Path dir, long assessP99Ms) throws Exception {
        java.time.Instant t = java.time.Instant.parse("2026-12-01T10:00:00Z");
        var steps = new java.util.TreeMap<String, dev.tandem.contracts.api.PipelineKpis.StepLatency>();
        steps.put("Extract", new dev.tandem.contracts.api.PipelineKpis.StepLatency("FUNCTION", 10, 300, 900, 5_000L, true, 5));
        steps.put("AnalyzeChunk", new dev.tandem.contracts.api.PipelineKpis.StepLatency("FUNCTION", 40, 500, 1_200, 5_000L, true, 40));
        steps.put("Assess", new dev.tandem.contracts.api.PipelineKpis.StepLatency("FUNCTION", 10, 200, assessP99Ms, 5_000L, assessP99Ms <= 5_000, 3));
        steps.put("Govern", new dev.tandem.contracts.api.PipelineKpis.StepLatency("AGENT", 6, 700, 2_500, 10_000L, true, 0));
        var k = new dev.tandem.contracts.api.PipelineKpis("document-compliance", t.minusSeconds(3600), t, 10, java.util.Map.of(),
                new dev.tandem.contracts.api.PipelineKpis.Latency(4_000, 9_000, null, null), steps,
                new dev.tandem.contracts.api.PipelineKpis.Cost(0.004, 0.0004, 0.0005, null, null, java.util.Map.of()),
                new dev.tandem.contracts.api.PipelineKpis.ReviewQuality(0, 0, 0, 0, null, null, null, null, 0, 0, null), 100, 1000,
                new dev.tandem.contracts.api.JobKpis.Pricing("us-east-1", java.time.LocalDate.parse("2025-06-01")), java.util.List.of(), null, null);
        Path file = dir.resolve("kpis-" + assessP99Ms + ".json");
        Files.writeString(file, dev.tandem.contracts.json.Json.write(java.util.List.of(k)));
        return file;
    }

    @Test
    void measured_reviewsThePlacementsAtTheMeasuredFigures_andFlagsAStepOverItsSlo(@TempDir Path dir) throws Exception {
        assertThat(run("--measured", "--kpis", kpis(dir, 1_500).toString())).as(err()).isEqualTo(OpsCli.OK);
        assertThat(out()).contains("Measured over 10 jobs")
                .containsPattern("(?m)^Analyze\\s+MAP\\s+FUNCTION\\s+FUNCTION")
                .containsPattern("Analyze\\s+p99 1.00 s declared, 1.20 s measured \\(SLO 5.00 s\\); 4.00 invocations per job declared, 4.00 measured")
                .containsPattern("Govern\\s+p99 3.00 s declared, 2.50 s measured .* 0.60 measured")
                .contains("OK: at the measured figures every placement agrees with the advisor and every step meets its SLO.");

        assertThat(run("--measured", "--kpis", kpis(dir, 7_000).toString())).isEqualTo(OpsCli.FAILED);
        assertThat(err()).contains("OVER SLO: step Assess of document-compliance measures 7.00 s at p99, over its SLO of 5.00 s");
        assertThat(out()).containsPattern("Assess\\s+p99 .* 7.00 s measured .*<-- over its SLO");
    }

    @Test
    void usageErrors_exitTwo_sayingWhatToFix_andHelpExitsZero() {
        assertThat(run("--frobnicate")).isEqualTo(OpsCli.USAGE);
        assertThat(run("--blueprint", "no.such.Blueprint")).isEqualTo(OpsCli.USAGE);
        assertThat(run("--pricing")).isEqualTo(OpsCli.USAGE);
        assertThat(run("--kpis", "k.json")).isEqualTo(OpsCli.USAGE);
        assertThat(err()).contains("Unknown option: '--frobnicate'").contains("blueprint class no.such.Blueprint is not on the classpath")
                .contains("Missing required parameter for option '--pricing'").contains("run placement --help for its usage")
                .contains("--kpis and --stage go with --measured");

        assertThat(run("--help")).isEqualTo(OpsCli.OK);
        assertThat(out()).contains("Usage: tandem-ops placement").contains("--blueprint=CLASS").contains("--pricing=FILE");
    }
}
