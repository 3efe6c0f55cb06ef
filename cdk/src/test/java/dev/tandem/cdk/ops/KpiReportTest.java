package dev.tandem.cdk.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.contracts.api.JobKpis;
import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.api.PipelineKpis;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** {@code scripts/kpis}: the table and the chart of a pipeline's KPIs, and its usage errors. */
class KpiReportTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    private static PipelineKpis kpis() {
        return new PipelineKpis("document-compliance", T.minusSeconds(3600), T, 3, Map.of(JobStatus.COMPLETED, 2L, JobStatus.REJECTED, 1L),
                new PipelineKpis.Latency(2_000, 9_000, 120_000L, true),
                Map.of("Assess", new PipelineKpis.StepLatency("FUNCTION", 3, 120, 300, 1_000L, true, 0.9),
                        "Govern", new PipelineKpis.StepLatency("AGENT", 2, 1_500, 4_000, 3_000L, false, 0)),
                new PipelineKpis.Cost(0.0009, 0.0003, 0.0004, 0.002, true, Map.of("lambda.compute", 0.0005, "fargate.compute", 0.0004)),
                new PipelineKpis.ReviewQuality(1, 1, 0, 0, 1.0, 5_000L, 5_000L, 1.0, 4, 1, 0.25), 40, 9_000,
                new JobKpis.Pricing("us-east-1", LocalDate.parse("2025-06-01")),
                List.of(new PipelineKpis.TrendPoint(T.minusSeconds(120), 2, 1_500, 2_000, 0.0002),
                        new PipelineKpis.TrendPoint(T.minusSeconds(60), 1, 9_000, 9_000, 0.0005)),
                new PipelineKpis.Drift(T.minusSeconds(7200), T.minusSeconds(3600), Map.of(JobStatus.COMPLETED, 30L), Map.of(JobStatus.COMPLETED, 2L,
                        JobStatus.REJECTED, 1L), 0.4, false, "too few jobs to judge (30 before, 3 now; 20 each needed)",
                        new PipelineKpis.Mix(Map.of("EMAIL", 40L), Map.of("EMAIL", 2L, "PHONE", 3L), 1.2, false,
                                "too few jobs to judge (30 before, 3 now; 20 each needed) that reported their features"),
                        List.of(new PipelineKpis.Release("lexicon@2", "1.1.0+abc", 3, 30, "pipeline", 0.4, 1.2, false,
                                "too few jobs to judge (30 before, 3 now; 20 each needed)"))),
                new PipelineKpis.Models(3, 9, 0, 0, 3.0, 0, Map.of("lexicon@2", 3L), Map.of("1.1.0+abc", 3L)));
    }

    @Test
    void theTable_showsEveryFigure_andFlagsAStepOverItsSlo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        KpiReport.print(kpis(), new PrintStream(out, true, StandardCharsets.UTF_8));

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("Pipeline document-compliance: 3 jobs").contains("prices us-east-1 as of 2025-06-01")
                .contains("time to value: p50 2.00 s, p99 9.00 s (target p99 120.00 s: met)")
                .contains("cost: $0.000300 per job (p99 $0.000400), $0.000900 in all (target $0.002 per job: met)")
                .contains("reviews: 1 (1 approved, 0 rejected, 0 timed out), wait p50 5.00 s, risk-adjusted accuracy 1.000")
                .contains("sampled checks of automatic outcomes: 4, 1 overturned (overturn rate 0.250)")
                .containsPattern("(?m)^  Govern\\s+AGENT\\s+2\\s+1.50 s\\s+4.00 s\\s+3.00 s\\s+0.000  <-- over its SLO$")
                .containsPattern("(?m)^  Assess\\s+FUNCTION\\s+3\\s+0.12 s\\s+0.30 s\\s+1.00 s\\s+0.900$")
                .contains("outcome drift: PSI 0.400 against the window before (30 jobs): too few jobs to judge")
                .contains("feature drift: PSI 1.200 (40 features before, 5 now): too few jobs")
                .contains("release lexicon@2 / 1.1.0+abc: 3 jobs against 30 (pipeline): outcome PSI 0.400, feature PSI 1.200")
                .contains("models: 9 invocations (3.0 per job), 0 tokens in, 0 out (0.0 per job) over 3 jobs; by version {lexicon@2=3}");
    }

    @Test
    void theChart_isWellFormedSvg_withALineForEachPercentileAndABarPerPoint() throws Exception {
        String svg = KpiReport.svg(kpis());

        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(doc.getElementsByTagName("polyline").getLength()).isEqualTo(2);
        assertThat(doc.getElementsByTagName("title").getLength()).as("one bar per trend point").isEqualTo(2);
        assertThat(svg).contains("document-compliance: time to value and cost per job (3 jobs, prices us-east-1 2025-06-01)");
    }

    @Test
    void withoutWhere_isAUsageError_andWithoutALocalStack_saysHowToStartIt() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        assertThat(OpsCli.run(new String[] {"kpis"}, o, e, () -> null, Clock.systemUTC())).isEqualTo(OpsCli.USAGE);
        assertThat(OpsCli.run(new String[] {"kpis", "--local", "--from", "yesterday"}, o, e, () -> null, Clock.systemUTC())).isEqualTo(OpsCli.USAGE);
        assertThat(OpsCli.run(new String[] {"kpis", "--local"}, o, e, () -> null, Clock.systemUTC())).isEqualTo(OpsCli.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("say where: --local").contains("'yesterday'")
                .contains("no local stack is running").contains("start it with ./scripts/dev");
    }
}
