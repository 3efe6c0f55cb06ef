package dev.tandem.cdk.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.tandem.cdk.functions.FunctionCatalog;
import dev.tandem.cdk.functions.FunctionSpec;
import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.api.PipelineKpis;
import dev.tandem.contracts.infra.PublishedMetrics;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * {@code scripts/kpis --stage}: a stage's KPIs from CloudWatch, with the real SDK client against a wire-level fake of
 * GetMetricData (CloudWatch has no local engine), in the protocol the SDK speaks to it (Smithy RPC v2 CBOR), that answers
 * each query from a table of datapoints as CloudWatch would for the metrics the stage's code publishes. The figures are
 * worked out by hand.
 */
class StageKpisIT {

    private static final Instant TO = Instant.parse("2026-12-01T12:00:00Z");
    private static final Instant FROM = TO.minusSeconds(3600);
    private static final Clock CLOCK = Clock.fixed(TO, ZoneOffset.UTC);
    private static final PipelineDefinition PIPELINE = Pipelines.defaultPipeline().orElseThrow();

    /** A fake of CloudWatch's GetMetricData: datapoints by "metric|dimension values|stat|period", and the queries it received. */
    static final class FakeCloudWatch implements ResponseDefinitionTransformerV2 {
        final Map<String, Map<Instant, Double>> data = new ConcurrentHashMap<>();
        final List<JsonNode> queries = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile boolean refuse;

        void put(String metric, String dimensions, String stat, long period, Instant at, double value) {
            data.computeIfAbsent(metric + "|" + dimensions + "|" + stat + "|" + period, k -> new TreeMap<>()).put(at, value);
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            try {
                return answer(event);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** CloudWatch speaks Smithy RPC v2 CBOR to the SDK: a CBOR map in, a CBOR map out (timestamps as tag 1, epoch seconds). */
        private ResponseDefinition answer(ServeEvent event) throws java.io.IOException {
            assertThat(event.getRequest().getUrl()).isEqualTo("/service/GraniteServiceVersion20100801/operation/GetMetricData");
            java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
            CBORFactory cbor = new CBORFactory();
            if (refuse) {
                try (CBORGenerator g = cbor.createGenerator(body)) {
                    g.writeStartObject();
                    g.writeStringField("__type", "com.amazonaws.cloudwatch#AccessDenied");
                    g.writeStringField("message", "not authorized to perform cloudwatch:GetMetricData");
                    g.writeEndObject();
                }
                return response(403, body.toByteArray());
            }
            JsonNode request = new CBORMapper().readTree(event.getRequest().getBody());
            Instant start = Instant.ofEpochMilli((long) (request.path("StartTime").asDouble() * 1000));
            Instant end = Instant.ofEpochMilli((long) (request.path("EndTime").asDouble() * 1000));
            try (CBORGenerator g = cbor.createGenerator(body)) {
                g.writeStartObject();
                g.writeArrayFieldStart("MetricDataResults");
                for (JsonNode q : request.path("MetricDataQueries")) {
                    queries.add(q);
                    JsonNode stat = q.path("MetricStat");
                    List<String> dims = new ArrayList<>();
                    stat.at("/Metric/Dimensions").forEach(d -> dims.add(d.path("Value").asText()));
                    String key = stat.at("/Metric/MetricName").asText() + "|" + String.join(",", dims) + "|" + stat.path("Stat").asText() + "|"
                            + stat.path("Period").asLong();
                    Map<Instant, Double> points = new TreeMap<>();
                    data.getOrDefault(key, Map.of()).forEach((at, v) -> {
                        if (!at.isBefore(start) && at.isBefore(end)) {
                            points.put(at, v);
                        }
                    });
                    g.writeStartObject();
                    g.writeStringField("Id", q.path("Id").asText());
                    g.writeStringField("StatusCode", "Complete");
                    g.writeArrayFieldStart("Timestamps");
                    for (Instant at : points.keySet()) {
                        g.writeTag(1);
                        g.writeNumber((double) at.getEpochSecond());
                    }
                    g.writeEndArray();
                    g.writeArrayFieldStart("Values");
                    for (double v : points.values()) {
                        g.writeNumber(v);
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            return response(200, body.toByteArray());
        }

        private static ResponseDefinition response(int status, byte[] body) {
            return new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(status)
                    .withHeader("Content-Type", "application/cbor").withHeader("smithy-protocol", "rpc-v2-cbor").withBody(body).build();
        }

        @Override
        public String getName() {
            return "fake-cloudwatch";
        }

        @Override
        public boolean applyGlobally() {
            return true;
        }
    }

    private final FakeCloudWatch cloudWatch = new FakeCloudWatch();
    private final WireMockServer aws = new WireMockServer(options().dynamicPort().extensions(cloudWatch));
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        aws.start();
        aws.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(500)));
        String p = PIPELINE.name();
        long hour = 3600;
        long slice = 180; // 3,600 s in 20 slices
        cloudWatch.put("JobTimeToValue", p, "p50", hour, FROM, 4_000);
        cloudWatch.put("JobTimeToValue", p, "p99", hour, FROM, 30_000);
        cloudWatch.put("JobTimeToValue", p, "SampleCount", hour, FROM, 40);
        cloudWatch.put("JobCostUsd", p, "Sum", hour, FROM, 0.016);
        cloudWatch.put("JobCostUsd", p, "p99", hour, FROM, 0.0009);
        cloudWatch.put("JobStateTransitions", p, "Sum", hour, FROM, 800);
        cloudWatch.put("JobModelInvocations", p, "SampleCount", hour, FROM, 40);
        cloudWatch.put("JobModelInvocations", p, "Sum", hour, FROM, 90);
        cloudWatch.put("JobModelInputTokens", p, "Sum", hour, FROM, 12_000);
        cloudWatch.put("JobModelOutputTokens", p, "Sum", hour, FROM, 900);
        cloudWatch.put("JobReviewWait", p, "p50", hour, FROM, 2_000);
        cloudWatch.put("JobReviewWait", p, "p99", hour, FROM, 8_000);
        cloudWatch.put("JobReviews", p + ",APPROVED", "Sum", hour, FROM, 3);
        cloudWatch.put("JobReviews", p + ",REJECTED", "Sum", hour, FROM, 1);
        cloudWatch.put("JobReviews", p + ",TIMED_OUT", "Sum", hour, FROM, 1);
        cloudWatch.put("JobOutcome", p + ",COMPLETED", "Sum", hour, FROM, 20);
        cloudWatch.put("JobOutcome", p + ",REJECTED", "Sum", hour, FROM, 20);
        // The window before: 36 completed, 4 rejected.
        cloudWatch.put("JobOutcome", p + ",COMPLETED", "Sum", hour, FROM.minusSeconds(hour), 36);
        cloudWatch.put("JobOutcome", p + ",REJECTED", "Sum", hour, FROM.minusSeconds(hour), 4);
        String extract = dev.tandem.contracts.infra.Stages.pipelineFunctionName("dev", p, "Extract");
        cloudWatch.put("Duration", extract, "p50", hour, FROM, 300);
        cloudWatch.put("Duration", extract, "p99", hour, FROM, 900);
        cloudWatch.put("Duration", extract, "Sum", hour, FROM, 12_000);
        cloudWatch.put("Invocations", extract, "Sum", hour, FROM, 40);
        cloudWatch.put("AgentStepLatency", p + ",Govern", "p50", hour, FROM, 700);
        cloudWatch.put("AgentStepLatency", p + ",Govern", "p99", hour, FROM, 12_500);
        cloudWatch.put("AgentStepLatency", p + ",Govern", "SampleCount", hour, FROM, 30);
        // The trend: two slices with jobs, one empty.
        cloudWatch.put("JobTimeToValue", p, "SampleCount", slice, FROM, 30);
        cloudWatch.put("JobTimeToValue", p, "p50", slice, FROM, 3_000);
        cloudWatch.put("JobTimeToValue", p, "p99", slice, FROM, 5_000);
        cloudWatch.put("JobCostUsd", p, "Average", slice, FROM, 0.0003);
        cloudWatch.put("JobTimeToValue", p, "SampleCount", slice, FROM.plusSeconds(1800), 0);
        cloudWatch.put("JobTimeToValue", p, "SampleCount", slice, FROM.plusSeconds(3420), 10);
        cloudWatch.put("JobTimeToValue", p, "p50", slice, FROM.plusSeconds(3420), 9_000);
        cloudWatch.put("JobTimeToValue", p, "p99", slice, FROM.plusSeconds(3420), 30_000);
        cloudWatch.put("JobCostUsd", p, "Average", slice, FROM.plusSeconds(3420), 0.0007);
    }

    @AfterEach
    void stop() {
        aws.stop();
    }

    private int run(String... args) {
        return OpsCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                () -> OpsClients.create(URI.create(aws.baseUrl()), Region.EU_WEST_1,
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret"))), CLOCK);
    }

    @Test
    void aStagesKpis_areWhatItsMetricsSay_workedOutByHand() {
        PipelineKpis k;
        try (OpsClients clients = OpsClients.create(URI.create(aws.baseUrl()), Region.EU_WEST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))) {
            k = StageKpis.fetch(clients.cloudWatch(), "dev", PIPELINE, FROM, TO);
        }

        assertThat(k.jobs()).isEqualTo(40);
        assertThat(k.outcomes()).containsEntry(JobStatus.COMPLETED, 20L).containsEntry(JobStatus.REJECTED, 20L).hasSize(2);
        assertThat(k.timeToValue().p50Ms()).isEqualTo(4_000);
        assertThat(k.timeToValue().p99Ms()).isEqualTo(30_000);
        assertThat(k.timeToValue().withinTarget()).as("within the pipeline's 2 minutes").isTrue();
        // $0.016 over 40 jobs.
        assertThat(k.cost().perJobUsd()).isCloseTo(0.0004, within(1e-12));
        assertThat(k.cost().p99PerJobUsd()).isCloseTo(0.0009, within(1e-12));
        assertThat(k.stateTransitions()).isEqualTo(800);
        // Extract: 12 s of Lambda time at its memory.
        FunctionSpec spec = FunctionCatalog.pipeline(PIPELINE).stream().filter(f -> f.name().equals("Extract")).findFirst().orElseThrow();
        PipelineKpis.StepLatency extract = k.steps().get("Extract");
        assertThat(extract.invocations()).isEqualTo(40);
        assertThat(extract.p50Ms()).isEqualTo(300);
        assertThat(extract.p99Ms()).isEqualTo(900);
        assertThat(extract.gbSeconds()).isCloseTo(12.0 * spec.memoryMb() / 1024, within(1e-9));
        assertThat(extract.withinSlo()).isTrue();
        PipelineKpis.StepLatency govern = k.steps().get("Govern");
        assertThat(govern.placement()).isEqualTo("AGENT");
        assertThat(govern.invocations()).isEqualTo(30);
        assertThat(govern.withinSlo()).as("12.5 s against its 10 s SLO").isFalse();
        assertThat(k.steps()).as("steps without invocations are left out").doesNotContainKey("Finalize");
        // Reviews: 5, 3 approved; decided 40 (20 + 20): accuracy 1 - 2 x 2 / (40 + 5).
        assertThat(k.reviews().reviewed()).isEqualTo(5);
        assertThat(k.reviews().approvalRate()).isEqualTo(0.6);
        assertThat(k.reviews().p99WaitMs()).isEqualTo(8_000);
        assertThat(k.reviews().riskAdjustedAccuracy()).isCloseTo(1 - 4.0 / 45, within(1e-9));
        // Drift, judged as the API judges it: 36/4 before, 20/20 now.
        double b1 = 36.5 / 41;
        double b2 = 4.5 / 41;
        double c1 = 20.5 / 41;
        double c2 = 20.5 / 41;
        assertThat(k.drift().psi()).isCloseTo((c1 - b1) * Math.log(c1 / b1) + (c2 - b2) * Math.log(c2 / b2), within(1e-9));
        assertThat(k.drift().signal()).isTrue();
        assertThat(k.drift().baseline()).containsEntry(JobStatus.COMPLETED, 36L);
        // The models: 90 invocations and 12,900 tokens over 40 jobs.
        assertThat(k.models().invocationsPerJob()).isEqualTo(2.25);
        assertThat(k.models().tokensPerJob()).isEqualTo(322.5);
        // The trend: the slices with jobs.
        assertThat(k.trend()).extracting(PipelineKpis.TrendPoint::jobs).containsExactly(30L, 10L);
        assertThat(k.trend().get(1).p99Ms()).isEqualTo(30_000);
        assertThat(k.trend().get(1).costPerJobUsd()).isEqualTo(0.0007);

        // Every Tandem metric it read is one the code publishes (and Lambda's own).
        for (JsonNode q : cloudWatch.queries) {
            JsonNode metric = q.at("/MetricStat/Metric");
            List<String> dims = new ArrayList<>();
            metric.path("Dimensions").forEach(d -> dims.add(d.path("Name").asText()));
            if (metric.path("Namespace").asText().equals("AWS/Lambda")) {
                assertThat(dims).containsExactly("FunctionName");
            } else {
                assertThat(PublishedMetrics.ALL).as(q.toString())
                        .contains(new PublishedMetrics.Metric(metric.path("Namespace").asText(), metric.path("MetricName").asText(), dims));
            }
        }
    }

    @Test
    void theCli_printsTheTableAndWritesTheChart_fromCloudWatch(@TempDir Path charts) throws Exception {
        int code = run("kpis", "--stage", "dev", "--pipeline", PIPELINE.name(), "--from", FROM.toString(), "--to", TO.toString(),
                "--chart-dir", charts.toString());

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(OpsCli.OK);
        assertThat(text).contains("Pipeline " + PIPELINE.name() + ": 40 jobs").contains("time to value: p50 4.00 s, p99 30.00 s")
                .contains("outcome drift: PSI").contains("<-- DRIFT").contains("From CloudWatch");
        assertThat(Files.readString(charts.resolve("kpis-" + PIPELINE.name() + ".svg"))).startsWith("<svg").contains("<polyline");
    }

    @Test
    void withoutPermission_itSaysWhatAwsRefused_andBothOrNeitherPlaceIsAUsageError() {
        cloudWatch.refuse = true;
        assertThat(run("kpis", "--stage", "dev", "--pipeline", PIPELINE.name())).isEqualTo(OpsCli.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("AWS refused the request").contains("GetMetricData");
        assertThat(run("kpis", "--stage", "dev", "--local")).isEqualTo(OpsCli.USAGE);
        assertThat(run("kpis")).isEqualTo(OpsCli.USAGE);
        assertThat(run("kpis", "--stage", "dev", "--pipeline", "nope")).isEqualTo(OpsCli.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("say where: --local").contains("no pipeline nope");
    }

    @Test
    void theAdvisor_reviewsThePlacementsAtTheStagesMeasuredFigures() {
        // The fake's figures are an hour long; the advisor asks for the last 30 days, which CloudWatch answers the same way.
        cloudWatch.data.keySet().removeIf(k -> !k.endsWith("|3600"));
        java.util.Map<String, java.util.Map<Instant, Double>> month = new java.util.HashMap<>();
        long days30 = 30L * 86_400;
        cloudWatch.data.forEach((k, points) -> {
            if (points.containsKey(FROM)) {
                month.put(k.substring(0, k.length() - "3600".length()) + days30, new TreeMap<>(Map.of(TO.minusSeconds(days30), points.get(FROM))));
            }
        });
        cloudWatch.data.putAll(month);

        int code = run("placement", "--measured", "--stage", "dev");

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).as(err.toString(StandardCharsets.UTF_8)).contains("Measured over")
                .containsPattern("Govern\\s+p99 \\d+\\.\\d+ s declared, 13 s measured \\(SLO 10 s\\).*over its SLO")
                .contains("Extract      p99 2.00 s declared, 0.90 s measured");
        assertThat(code).as("Govern's 12.5 s p99 is over its SLO").isEqualTo(OpsCli.FAILED);
        assertThat(run("placement", "--measured", "--stage", "dev", "--kpis", "x.json")).isEqualTo(OpsCli.USAGE);
        assertThat(run("placement", "--stage", "dev")).isEqualTo(OpsCli.USAGE);
    }
}
