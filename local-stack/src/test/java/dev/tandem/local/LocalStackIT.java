package dev.tandem.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.local.lambda.DeployedFunction;
import dev.tandem.contracts.infra.LogField;
import dev.tandem.contracts.pipeline.S3Location;
import dev.tandem.contracts.pipeline.spi.Pipelines;
import dev.tandem.testsupport.AwsClients;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * End to end through the real HTTP API of a started local stack: the CDK-synthesized state machine on
 * aws-local-stepfunctions, the functions behind the local API Gateway, the agent as its own process.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIT {

    private static final Path SAMPLES = dev.tandem.cdk.app.Artifacts.root(Path.of("").toAbsolutePath()).resolve("samples");
    private static final Pattern PLACEHOLDER = Pattern.compile(java.util.Arrays.stream(dev.tandem.contracts.pipeline.FindingType.values())
            .map(t -> Pattern.quote(t.placeholder())).collect(java.util.stream.Collectors.joining("|")));
    private static LocalStack stack;
    private static TandemClient api;
    private static OpenApiConformance conformance;
    private static DynamoDbClient dynamoDb;
    private static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        stack = RunningStack.get();
        api = new TandemClient(stack.endpoints().api());
        TandemClient.Response document = api.send("GET", "/v1/openapi.json", null, null, Map.of());
        assertThat(document.status()).as(document.text()).isEqualTo(200);
        conformance = new OpenApiConformance(document.json());
        api.observe(conformance);
        dynamoDb = AwsClients.dynamoDb(stack.endpoints().aws());
        s3 = AwsClients.s3(stack.endpoints().aws());
    }

    @Test
    @Order(1)
    void pipelines_areListedFromTheDeployedApiJar_withTheirBlueprintAndInputContract() {
        // The registry is a ServiceLoader lookup: this runs it inside the shaded jar the template deploys.
        JsonNode list = api.send("GET", "/v1/pipelines", "operator", null, Map.of()).json();
        assertThat(list.at("/pipelines/0/name").asText()).isEqualTo("document-compliance");
        TandemClient.Response one = api.send("GET", "/v1/pipelines/document-compliance", "submitter", null, Map.of());
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().path("steps")).isNotEmpty();
        assertThat(one.json().at("/inputSchema/properties/purpose").isObject()).isTrue();
        assertThat(api.send("GET", "/v1/pipelines/unknown", "submitter", null, Map.of()).status()).isEqualTo(404);
    }

    @Test
    @Order(1)
    void everySample_endsAsTheSamplesTableSays_withRedactionByteForByte_verifiedAuditAndCompleteLineage() throws Exception {
        List<Demo.Row> rows = Demo.run(api, List.of(Pipelines.defaultPipeline().orElseThrow()), System.out);
        Demo.print(rows, System.out);
        assertThat(rows).hasSize(8).allSatisfy(r -> assertThat(r.matches()).as(r.toString()).isTrue());
        assertThat(rows).filteredOn(r -> r.path().equals("reviewed")).extracting(Demo.Row::sample).containsExactly("hr-letter-national-id.txt");
        for (Demo.Row row : rows) {
            JsonNode job = api.job(row.jobId(), "auditor");
            String original = Files.readString(SAMPLES.resolve(row.sample()), StandardCharsets.UTF_8);
            S3Location result = S3Location.of(job.at("/result/uri").asText());
            String redacted = s3.getObjectAsBytes(b -> b.bucket(result.bucket()).key(result.key())).asUtf8String();
            assertRedactedByteForByte(row.sample(), original, redacted, row.findings());

            JsonNode lineage = api.send("GET", "/v1/jobs/" + row.jobId() + "/lineage", "auditor", null, Map.of()).json();
            Set<String> kinds = new HashSet<>();
            lineage.path("nodes").forEach(n -> kinds.add(n.path("kind").asText()));
            assertThat(kinds).as(row.sample()).contains("JOB", "DOCUMENT", "CHUNK", "MODEL_INVOCATION", "MODEL", "POLICY_DECISION",
                    "POLICY_BUNDLE", "FUNCTION", "OUTPUT");
            List<String> steps = new ArrayList<>();
            job.path("steps").forEach(st -> steps.add(st.path("step").asText() + ":" + st.path("state").asText()));
            assertThat(steps).as(row.sample()).contains("Extract:SUCCEEDED", "Analyze:SUCCEEDED", "Assess:SUCCEEDED", "Finalize:SUCCEEDED");
            if (!row.path().equals("fast")) {
                assertThat(kinds).as(row.sample() + " decided by the agent").contains("AGENT");
                assertThat(steps).as(row.sample()).contains("Govern:SUCCEEDED");
            }
        }
    }

    /**
     * Quality sampling on the local stack (which samples every automatic outcome): each job decided without a human gets
     * a SAMPLE item on its own queue; a reviewer's verdict labels the job's KPIs (the job stays as it is), the pipeline's
     * KPIs count the overturn rate, and a sample cannot be decided twice.
     */
    @Test
    @Order(2)
    void automaticOutcomes_areSampledForACheck_andTheVerdictsGiveTheOverturnRate() throws Exception {
        List<JsonNode> samples = new ArrayList<>();
        for (int i = 0; i < 100 && samples.size() < 2; i++) {
            samples.clear();
            api.send("GET", "/v1/reviews?status=PENDING&kind=SAMPLE", "reviewer", null, Map.of()).json().path("items").forEach(samples::add);
            Thread.sleep(200);
        }
        assertThat(samples).as("sampled automatic outcomes").hasSizeGreaterThanOrEqualTo(2).allSatisfy(item -> {
            assertThat(item.path("kind").asText()).isEqualTo("SAMPLE");
            assertThat(item.path("sampledOutcome").asText()).isIn("ALLOW", "ALLOW_WITH_REDACTION", "DENY");
        });
        List<String> decisionQueue = new ArrayList<>();
        api.send("GET", "/v1/reviews?status=PENDING", "reviewer", null, Map.of()).json().path("items")
                .forEach(i -> decisionQueue.add(i.path("kind").asText()));
        assertThat(decisionQueue).as("the reviewers' own queue holds decisions only").doesNotContain("SAMPLE");

        JsonNode confirm = samples.get(0);
        JsonNode overturn = samples.get(1);
        JsonNode before = api.job(overturn.path("jobId").asText(), "auditor");
        TandemClient.Response agreed = api.send("POST", "/v1/reviews/" + confirm.path("reviewId").asText(), "reviewer",
                "{\"decision\":\"APPROVE\",\"comment\":\"right call\"}", Map.of("Content-Type", "application/json"));
        TandemClient.Response overturned = api.send("POST", "/v1/reviews/" + overturn.path("reviewId").asText(), "reviewer",
                "{\"decision\":\"REJECT\",\"comment\":\"should have been redacted more\"}", Map.of("Content-Type", "application/json"));
        assertThat(agreed.status()).as(agreed.text()).isEqualTo(200);
        assertThat(overturned.status()).as(overturned.text()).isEqualTo(200);
        assertThat(api.send("POST", "/v1/reviews/" + overturn.path("reviewId").asText(), "reviewer", "{\"decision\":\"APPROVE\"}",
                Map.of("Content-Type", "application/json")).status()).isEqualTo(409);

        JsonNode after = api.job(overturn.path("jobId").asText(), "auditor");
        assertThat(after.at("/kpis/sample/verdict").asText()).isEqualTo("OVERTURNED");
        assertThat(after.path("status").asText()).as("the job is not changed").isEqualTo(before.path("status").asText());
        assertThat(after.at("/decision/outcome").asText()).isEqualTo(before.at("/decision/outcome").asText());
        assertThat(api.job(confirm.path("jobId").asText(), "auditor").at("/kpis/sample/verdict").asText()).isEqualTo("CONFIRMED");

        String pipeline = Pipelines.defaultPipeline().orElseThrow().name();
        JsonNode reviews = api.send("GET", "/v1/pipelines/" + pipeline + "/kpis", "auditor", null, Map.of()).json().path("reviews");
        assertThat(reviews.path("sampled").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(reviews.path("overturned").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(reviews.path("overturnRate").asDouble()).isEqualTo((double) reviews.path("overturned").asLong() / reviews.path("sampled").asLong(),
                org.assertj.core.api.Assertions.within(1e-9));
    }

    /**
     * One log schema: the lines a job leaves in the deployed functions' logs and in the agent's carry the same
     * top-level fields (LogField: jobId, pipeline, step, traceId), so one Logs Insights query
     * ({@code filter jobId = "..."}) over the function and agent log groups follows the job through both, and every
     * step's line names the same X-Ray trace.
     */
    @Test
    @Order(2)
    void aJobsLogLines_inTheFunctionsAndTheAgent_carryTheSameFields() throws Exception {
        Path logs = RunningStack.logDir();
        JsonNode decided = jsonLines(logs.resolve("agent.log")).stream()
                .filter(n -> n.path("message").asText().startsWith("decided case ")).reduce((first, last) -> last).orElseThrow();
        String jobId = decided.path(LogField.JOB_ID.key()).asText();
        String pipeline = decided.path(LogField.PIPELINE.key()).asText();
        assertThat(jobId).isNotEmpty();
        assertThat(pipeline).isEqualTo(Pipelines.defaultPipeline().orElseThrow().name());

        Map<String, List<JsonNode>> bySource = new java.util.TreeMap<>();
        bySource.put("agent", jsonLines(logs.resolve("agent.log")));
        try (var files = Files.list(logs.resolve("functions"))) {
            for (Path f : files.toList()) {
                bySource.put(f.getFileName().toString(), jsonLines(f));
            }
        }
        Map<String, String> stepBySource = new java.util.TreeMap<>();
        Set<String> workflowTraces = new HashSet<>();
        bySource.forEach((source, lines) -> lines.stream()
                .filter(n -> !n.has("_aws") && jobId.equals(n.path(LogField.JOB_ID.key()).asText()))
                .forEach(n -> {
                    assertThat(n.path("timestamp").asText()).as(source).isNotEmpty();
                    assertThat(n.path("level").asText()).as(source).isNotEmpty();
                    assertThat(n.has("message")).as(source).isTrue();
                    assertThat(n.path(LogField.TRACE_ID.key()).asText()).as("%s: %s", source, n).matches("1-[0-9a-f]{8}-[0-9a-f]{24}");
                    if (n.has(LogField.STEP.key())) {
                        assertThat(n.path(LogField.PIPELINE.key()).asText()).as("%s: %s", source, n).isEqualTo(pipeline);
                        stepBySource.put(source, n.path(LogField.STEP.key()).asText());
                        workflowTraces.add(n.path(LogField.TRACE_ID.key()).asText());
                    }
                }));
        assertThat(stepBySource.get("agent")).isEqualTo("Govern");
        assertThat(stepBySource.values()).contains("Extract", "AnalyzeChunk", "Assess", "Govern", "Finalize");
        // The execution's trace continues in every step, function or agent: one trace id for the job's workflow.
        assertThat(workflowTraces).as("the trace ids of the job's steps").hasSize(1);
    }

    private static List<JsonNode> jsonLines(Path file) throws java.io.IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("{")) {
                out.add(dev.tandem.contracts.json.Json.read(line, JsonNode.class));
            }
        }
        return out;
    }

    /**
     * After the samples ran: each job was measured when its execution ended (from the execution's history, by the
     * deployed RecordJobKpis on Step Functions' status event), and the pipeline's KPIs add them up: non-zero time to
     * value, per-step figures for every function and the agent step, a cost per job at the dated prices, the review.
     */
    @Test
    @Order(2)
    void afterTheSamples_everyJobIsMeasured_andThePipelinesKpisAddThemUp() throws Exception {
        String pipeline = Pipelines.defaultPipeline().orElseThrow().name();
        JsonNode kpis = null;
        for (int i = 0; i < 100; i++) {
            kpis = api.send("GET", "/v1/pipelines/" + pipeline + "/kpis", "auditor", null, Map.of()).json();
            if (kpis.path("jobs").asLong() >= 8) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(kpis.path("jobs").asLong()).as(kpis.toString()).isGreaterThanOrEqualTo(8);
        assertThat(api.send("GET", "/v1/pipelines/" + pipeline + "/kpis", "operator", null, Map.of()).status()).as("operators read them too")
                .isEqualTo(200);
        assertThat(api.send("GET", "/v1/pipelines/" + pipeline + "/kpis", "submitter", null, Map.of()).status()).isEqualTo(403);
        assertThat(kpis.at("/outcomes/COMPLETED").asLong()).isPositive();
        assertThat(kpis.at("/timeToValue/p50Ms").asLong()).isPositive();
        assertThat(kpis.at("/timeToValue/p99Ms").asLong()).isGreaterThanOrEqualTo(kpis.at("/timeToValue/p50Ms").asLong());
        assertThat(kpis.at("/timeToValue/targetMs").asLong()).isEqualTo(120_000);
        for (String fn : List.of("Extract", "AnalyzeChunk", "Assess", "Finalize")) {
            assertThat(kpis.at("/steps/" + fn + "/invocations").asLong()).as(fn).isPositive();
            assertThat(kpis.at("/steps/" + fn + "/gbSeconds").asDouble()).as(fn).isPositive();
            assertThat(kpis.at("/steps/" + fn + "/placement").asText()).isEqualTo("FUNCTION");
        }
        assertThat(kpis.at("/steps/Govern/placement").asText()).isEqualTo("AGENT");
        assertThat(kpis.at("/steps/Govern/p50Ms").asLong()).isPositive();
        assertThat(kpis.at("/cost/perJobUsd").asDouble()).isPositive();
        assertThat(kpis.at("/cost/parts/stepFunctions.transitions").asDouble()).isPositive();
        assertThat(kpis.at("/cost/parts/fargate.compute").asDouble()).isPositive();
        assertThat(kpis.at("/reviews/reviewed").asLong()).isPositive();
        assertThat(kpis.at("/pricing/asOf").asText()).isEqualTo("2025-06-01");
        assertThat(kpis.path("stateTransitions").asLong()).isGreaterThan(kpis.path("jobs").asLong() * 5);
        assertThat(kpis.at("/drift/signal").asBoolean()).isFalse();
        assertThat(kpis.at("/drift/note").asText()).as("nothing ran in the window before").contains("too few jobs");
        // What the models did, as the pipeline reported it: every job classified (the embedded model counts no tokens),
        // grouped by model version and policy bundle; the feature mix (findings by type) and each release's drift.
        assertThat(kpis.at("/models/jobs").asLong()).isEqualTo(kpis.path("jobs").asLong());
        assertThat(kpis.at("/models/invocations").asLong()).isGreaterThanOrEqualTo(kpis.path("jobs").asLong());
        assertThat(kpis.at("/models/jobsByModelVersion").fieldNames().next()).startsWith("embedded-lexicon@");
        assertThat(kpis.at("/models/jobsByPolicyBundle").size()).isPositive();
        assertThat(kpis.at("/drift/features/current/EMAIL").asLong()).isPositive();
        assertThat(kpis.at("/drift/releases").size()).isPositive();
        assertThat(kpis.at("/drift/releases/0/modelVersion").asText()).startsWith("embedded-lexicon@");

        // scripts/kpis --local: the same figures as a table and a chart, through the local stack's API.
        Path endpoints = Path.of("target", "kpis", "local-endpoints.json");
        stack.writeLocalEndpoints(endpoints);
        java.io.ByteArrayOutputStream table = new java.io.ByteArrayOutputStream();
        List<Path> charts = dev.tandem.cdk.ops.KpiReport.report(dev.tandem.cdk.ops.KpiReport.fetch(
                new dev.tandem.cdk.ops.KpiReport.LocalApi(endpoints), null, null, null), Path.of("target", "kpis"),
                new java.io.PrintStream(table, true, StandardCharsets.UTF_8));
        System.out.println(table.toString(StandardCharsets.UTF_8));
        assertThat(table.toString(StandardCharsets.UTF_8)).contains("Pipeline " + pipeline + ": ").contains("time to value: p50")
                .contains("cost: $").contains("Govern");
        assertThat(charts).singleElement().satisfies(chart -> assertThat(Files.readString(chart)).startsWith("<svg").contains("<polyline"));

        // scripts/placement --measured: the advisor at these measured figures (exit 0 or 1: local durations vary).
        java.io.ByteArrayOutputStream advice = new java.io.ByteArrayOutputStream();
        dev.tandem.contracts.placement.PlacementReport.reportMeasured(dev.tandem.contracts.placement.PlacementReport.registered(),
                Map.of(pipeline, dev.tandem.contracts.json.Json.convert(kpis, dev.tandem.contracts.api.PipelineKpis.class)),
                dev.tandem.contracts.placement.PricingTable.defaults(), new java.io.PrintStream(advice, true, StandardCharsets.UTF_8),
                new java.io.PrintStream(advice, true, StandardCharsets.UTF_8));
        assertThat(advice.toString(StandardCharsets.UTF_8)).contains("Measured over ").contains("Declared against measured:")
                .containsPattern("Govern\\s+p99 3.00 s declared, \\d+\\.\\d+ s measured");

        JsonNode job = api.send("GET", "/v1/jobs?pipeline=" + pipeline + "&status=COMPLETED&limit=1", "auditor", null, Map.of()).json()
                .at("/jobs/0");
        JsonNode one = api.job(job.path("jobId").asText(), "auditor");
        assertThat(one.at("/kpis/costUsd").asDouble()).as(one.toString()).isPositive();
        assertThat(one.at("/kpis/pricing/region").asText()).isEqualTo("us-east-1");
        assertThat(one.at("/kpis/stateTransitions").asLong()).isPositive();
        assertThat(one.at("/kpis/inference/invocations").asLong()).isPositive();
        assertThat(one.at("/kpis/policyBundle").asText()).isNotEmpty();
        assertThat(table.toString(StandardCharsets.UTF_8)).contains("models: ").contains("feature drift: ").contains("release embedded-lexicon@");
    }

    /**
     * After the samples ran: the job list on the local stack (the deployed API jar, the template's indexes and cursor
     * key) pages through every job newest first for an auditor, shows a submitter their own (other owners: ListJobsIT),
     * and refuses a made-up cursor.
     */
    @Test
    @Order(2)
    void jobList_pagesThroughTheJobs_newestFirst_andRefusesAForgedCursor() {
        List<String> all = new ArrayList<>();
        List<Instant> created = new ArrayList<>();
        String next = null;
        do {
            TandemClient.Response page = api.send("GET", "/v1/jobs?limit=3" + (next == null ? "" : "&nextToken=" + next), "auditor", null, Map.of());
            assertThat(page.status()).as(page.text()).isEqualTo(200);
            page.json().path("jobs").forEach(j -> {
                all.add(j.path("jobId").asText());
                created.add(Instant.parse(j.path("createdAt").asText()));
            });
            next = page.json().path("nextToken").asText(null);
        } while (next != null);
        assertThat(all).hasSizeGreaterThanOrEqualTo(8).doesNotHaveDuplicates();
        assertThat(created).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        TandemClient.Response mine = api.send("GET", "/v1/jobs?limit=100", "submitter", null, Map.of());
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.json().path("jobs").size()).as("the demo's submitter owns the demo's jobs").isPositive();
        TandemClient.Response forged = api.send("GET", "/v1/jobs?nextToken=eyJxIjoiMCJ9.AAAA", "auditor", null, Map.of());
        assertThat(forged.status()).isEqualTo(400);
        assertThat(forged.json().at("/errors/0/pointer").asText()).isEqualTo("/queryStringParameters/nextToken");
    }

    /**
     * Cancelling a governed job while the agent reports its decision: the execution stops, the agent's late callback
     * finds no task and leaves its case DECIDED (decided and audited once, never reported), the job ends CANCELLED with
     * a valid audit chain closed by JOB_CANCELLED.
     */
    @Test
    @Order(3)
    void cancel_whileTheAgentReports_releasesTheGovernedStep_andLeavesCaseAndAuditConsistent() throws Exception {
        RunningStack.localKnob("SetCallbackDelay", "{\"millis\":4000}");
        try {
            String text = Files.readString(SAMPLES.resolve("multilingual-mixed.txt"));
            String jobId = api.submit("support-kb", text, "cancel-me.txt").json().path("jobId").asText();
            assertThat(RunningStack.awaitCase(jobId, "Govern", "DECIDED")).as("the agent decided and is reporting").isEqualTo("DECIDED");

            TandemClient.Response cancelled = api.send("POST", "/v1/jobs/" + jobId + "/cancel", "submitter", null, Map.of());
            assertThat(cancelled.status()).as(cancelled.text()).isEqualTo(200);
            assertThat(cancelled.json().path("status").asText()).isEqualTo("CANCELLED");

            Thread.sleep(5000); // the agent's delayed callback lands now, on a task that is gone
            assertThat(api.job(jobId, "submitter").path("status").asText()).isEqualTo("CANCELLED");
            assertThat(RunningStack.caseState(jobId, "Govern")).as("decided, never reported to a stopped execution").isEqualTo("DECIDED");
            JsonNode audit = api.auditClosedBy(jobId, Set.of("JOB_CANCELLED"), Duration.ofSeconds(10));
            List<String> types = new ArrayList<>();
            audit.path("events").forEach(e -> types.add(e.path("type").asText()));
            assertThat(types.stream().filter("POLICY_DECIDED"::equals)).hasSize(1);
            assertThat(types.getLast()).isEqualTo("JOB_CANCELLED");
            assertThat(audit.at("/verification/valid").asBoolean()).isTrue();
            assertThat(api.send("POST", "/v1/jobs/" + jobId + "/cancel", "submitter", null, Map.of()).status())
                    .as("cancelling again answers the cancelled job").isEqualTo(200);
        } finally {
            RunningStack.localKnob("SetCallbackDelay", "{\"millis\":0}");
        }
    }

    /** A job waiting for a reviewer is cancelled; the reviewer's decision then finds the workflow gone: a 409. */
    @Test
    @Order(3)
    void cancel_whileAwaitingReview_thenTheReviewDecision_isA409() throws Exception {
        String text = Files.readString(SAMPLES.resolve("hr-letter-national-id.txt"));
        String jobId = api.submit("support-kb", text, "cancel-in-review.txt").json().path("jobId").asText();
        assertThat(api.await(jobId, Duration.ofSeconds(60), Set.of("AWAITING_REVIEW")).path("status").asText()).isEqualTo("AWAITING_REVIEW");
        String reviewId = pendingReviewOf(jobId);
        assertThat(api.send("POST", "/v1/jobs/" + jobId + "/cancel", "operator", null, Map.of()).status()).isEqualTo(200);
        List<String> pending = new ArrayList<>();
        api.send("GET", "/v1/reviews?status=PENDING", "reviewer", null, Map.of()).json().path("items").forEach(i -> pending.add(i.path("jobId").asText()));
        assertThat(pending).as("the cancelled job's review left the queue").doesNotContain(jobId);
        TandemClient.Response decided = api.send("POST", "/v1/reviews/" + reviewId, "reviewer", "{\"decision\":\"APPROVE\"}",
                Map.of("Content-Type", "application/json"));
        assertThat(decided.status()).as(decided.text()).isEqualTo(409);
        assertThat(api.job(jobId, "auditor").path("status").asText()).isEqualTo("CANCELLED");
        assertThat(api.auditClosedBy(jobId, Set.of("JOB_CANCELLED"), Duration.ofSeconds(10)).at("/verification/valid").asBoolean()).isTrue();
    }

    /**
     * A job failed by an injected fault (the deployed Assess function answers a function error, which no Retry matches)
     * ends FAILED at Assess, marked by its error handler from the execution's failure event. Redriven by an operator,
     * its execution resumes at Assess: Extract and the Map's AnalyzeChunk are not invoked again; the job completes with
     * one decision; the audit chain shows the failure, the redrive and the end, and verifies.
     */
    @Test
    @Order(3)
    void aJobFailedByAnInjectedFault_isRedrivenFromTheStepThatFailed_toCompleted_withoutRerunningTheStepsBefore() throws Exception {
        String extract = deployed("Extract");
        String analyzeChunk = deployed("AnalyzeChunk");
        String assess = deployed("Assess");
        stack.lambdas().injectFaults(assess, 1);
        String text = Files.readString(SAMPLES.resolve("multilingual-mixed.txt"));
        String jobId = api.submit("support-kb", text, "redrive-me.txt").json().path("jobId").asText();

        JsonNode failed = api.await(jobId, Duration.ofSeconds(60), Set.of());
        assertThat(failed.path("status").asText()).as(failed.toString()).isEqualTo("FAILED");
        assertThat(failed.at("/error/code").asText()).isEqualTo(dev.tandem.local.lambda.LambdaHost.INJECTED_FAULT);
        assertThat(failed.at("/error/step").asText()).isEqualTo("Assess");
        assertThat(failed.at("/error/cause").asText()).contains("fault injected");
        String execution = executionOf(jobId);
        assertThat(sfn("DescribeExecution", "{\"executionArn\":\"" + execution + "\"}").path("redriveStatus").asText()).isEqualTo("REDRIVABLE");
        long extracts = stack.lambdas().invocations(extract);
        long chunks = stack.lambdas().invocations(analyzeChunk);
        long assessments = stack.lambdas().invocations(assess);

        assertThat(api.send("POST", "/v1/jobs/" + jobId + "/redrive", "submitter", null, Map.of()).status()).as("operators only").isEqualTo(403);
        TandemClient.Response redriven = api.send("POST", "/v1/jobs/" + jobId + "/redrive", "operator", null, Map.of());
        assertThat(redriven.status()).as(redriven.text()).isEqualTo(202);
        assertThat(redriven.json().path("status").asText()).isEqualTo("RUNNING");

        JsonNode done = api.await(jobId, Duration.ofSeconds(90), Set.of());
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.has("error")).isFalse();
        assertThat(stack.lambdas().invocations(extract)).as("Extract is not run again").isEqualTo(extracts);
        assertThat(stack.lambdas().invocations(analyzeChunk)).as("no chunk is analyzed again").isEqualTo(chunks);
        assertThat(stack.lambdas().invocations(assess)).as("Assess runs once more").isEqualTo(assessments + 1);
        JsonNode description = sfn("DescribeExecution", "{\"executionArn\":\"" + execution + "\"}");
        for (int i = 0; i < 50 && description.path("status").asText().equals("RUNNING"); i++) {
            Thread.sleep(100); // Finalize ends the job a moment before the execution ends
            description = sfn("DescribeExecution", "{\"executionArn\":\"" + execution + "\"}");
        }
        assertThat(description.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(description.path("redriveCount").asInt()).isEqualTo(1);

        JsonNode audit = api.auditClosedBy(jobId, Set.of("JOB_COMPLETED"), Duration.ofSeconds(10));
        List<String> types = new ArrayList<>();
        audit.path("events").forEach(e -> types.add(e.path("type").asText()));
        assertThat(types).containsSubsequence("JOB_FAILED", "JOB_REDRIVEN", "POLICY_DECIDED", "JOB_COMPLETED");
        assertThat(types.stream().filter("POLICY_DECIDED"::equals)).hasSize(1);
        assertThat(audit.at("/verification/valid").asBoolean()).isTrue();
        assertThat(api.send("POST", "/v1/jobs/" + jobId + "/redrive", "operator", null, Map.of()).status())
                .as("a completed job is not redriven").isEqualTo(409);
    }

    /**
     * A fault in one iteration of the Analyze Map fails the job at Analyze; the redrive runs again only the iterations
     * that did not succeed (as Step Functions redrives an inline Map): every chunk is analyzed successfully exactly
     * once over both attempts, and the job completes as the samples table says.
     */
    @Test
    @Order(3)
    void aFaultInOneMapIteration_isRedriven_byRerunningOnlyTheIterationsThatDidNotSucceed() throws Exception {
        String analyzeChunk = deployed("AnalyzeChunk");
        long before = stack.lambdas().invocations(analyzeChunk);
        stack.lambdas().injectFaults(analyzeChunk, 1);
        String text = Files.readString(SAMPLES.resolve("meeting-notes-long.txt"));
        String jobId = api.submit("support-kb", text, "redrive-map.txt").json().path("jobId").asText();
        JsonNode failed = api.await(jobId, Duration.ofSeconds(60), Set.of());
        assertThat(failed.path("status").asText()).as(failed.toString()).isEqualTo("FAILED");
        assertThat(failed.at("/error/step").asText()).isEqualTo("Analyze");

        assertThat(api.send("POST", "/v1/jobs/" + jobId + "/redrive", "operator", null, Map.of()).status()).isEqualTo(202);
        JsonNode done = api.await(jobId, Duration.ofSeconds(90), Set.of());
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(done.at("/decision/outcome").asText()).isEqualTo("ALLOW_WITH_REDACTION");

        JsonNode lineage = api.send("GET", "/v1/jobs/" + jobId + "/lineage", "auditor", null, Map.of()).json();
        long chunks = 0;
        for (JsonNode n : lineage.path("nodes")) {
            chunks += n.path("kind").asText().equals("CHUNK") ? 1 : 0;
        }
        assertThat(chunks).as("a long document: several chunks").isGreaterThan(2);
        assertThat(stack.lambdas().invocations(analyzeChunk) - before).as("each chunk once, plus the faulted invocation").isEqualTo(chunks + 1);
    }

    /** The physical name of the reference pipeline's function for a step handler, as the template deploys it. */
    private static String deployed(String handler) {
        return stack.lambdas().functions().stream().map(DeployedFunction::name)
                .filter(n -> n.endsWith("-" + Pipelines.defaultPipeline().orElseThrow().name() + "-" + handler)).findFirst().orElseThrow();
    }

    /**
     * An agent outage longer than the Govern heartbeat (the agent frozen with SIGSTOP, the heartbeat shortened to 3 s):
     * the governed job waits through several heartbeat timeouts (its retries) instead of failing, and completes with
     * one decision once the agent runs again.
     */
    @Test
    @Order(4)
    void agentOutage_longerThanTheHeartbeat_theGovernedJobWaits_andCompletesWithOneDecision() throws Exception {
        RunningStack.localKnob("SetHeartbeats", "{\"heartbeats\":{\"Govern\":3}}");
        long agent = stack.agent().process().pid();
        String jobId;
        signal("STOP", agent);
        try {
            String text = Files.readString(SAMPLES.resolve("support-ticket-contact.txt"));
            jobId = api.submit("support-kb", text, "during-an-outage.txt").json().path("jobId").asText();
            // 40 s with no agent: past what the former retry (3 attempts, waits of at most 5 and 10 s) could bridge.
            Thread.sleep(40_000);
            assertThat(api.job(jobId, "submitter").path("status").asText()).as("waiting, not failed").isEqualTo("RUNNING");
        } finally {
            signal("CONT", agent);
            RunningStack.localKnob("SetHeartbeats", "{\"heartbeats\":{}}");
        }
        JsonNode job = api.await(jobId, Duration.ofSeconds(120), Set.of());
        assertThat(job.path("status").asText()).isEqualTo("COMPLETED");
        JsonNode audit = api.auditClosedBy(jobId, Set.of("JOB_COMPLETED"), Duration.ofSeconds(10));
        List<String> types = new ArrayList<>();
        audit.path("events").forEach(e -> types.add(e.path("type").asText()));
        assertThat(types.stream().filter("POLICY_DECIDED"::equals)).as("decided once across the retried attempts").hasSize(1);
        assertThat(audit.at("/verification/valid").asBoolean()).isTrue();
        assertThat(governAttempts(jobId)).as("Govern was retried after heartbeat timeouts").isGreaterThanOrEqualTo(4);
    }

    /** The job's execution ARN, from the local Step Functions. */
    private static String executionOf(String jobId) throws Exception {
        String arn = null;
        for (JsonNode e : sfn("ListExecutions", "{}").path("executions")) {
            if (e.path("name").asText().equals(jobId)) {
                arn = e.path("executionArn").asText();
            }
        }
        assertThat(arn).as("the job's execution").isNotNull();
        return arn;
    }

    /** How many times the job's execution sent its Govern task (each attempt sends one), from the local Step Functions. */
    /** Govern is the workflow's one SQS task: each of its attempts submits one task (a message) to the queue. */
    private static long governAttempts(String jobId) throws Exception {
        String arn = executionOf(jobId);
        long attempts = 0;
        for (JsonNode event : sfn("GetExecutionHistory", dev.tandem.contracts.json.Json.write(Map.of("executionArn", arn))).path("events")) {
            if (event.path("type").asText().equals("TaskSubmitted") && event.at("/taskSubmittedEventDetails/resourceType").asText().equals("sqs")) {
                attempts++;
            }
        }
        return attempts;
    }

    /** A Step Functions API call on the local endpoint. */
    private static JsonNode sfn(String operation, String body) throws Exception {
        return stepFunctions("AWSStepFunctions." + operation, body);
    }

    /** One call to the local Step Functions endpoint ({@code X-Amz-Target} as given); it must answer 200. */
    private static JsonNode stepFunctions(String target, String body) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.endpoints().stepFunctions()))
                .header("X-Amz-Target", target).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return dev.tandem.contracts.json.Json.read(response.body(), JsonNode.class);
    }

    private static void signal(String signal, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor()).isZero();
    }

    /** The id of the pending review item of a job that awaits review. */
    private static String pendingReviewOf(String jobId) {
        String reviewId = null;
        for (JsonNode item : api.send("GET", "/v1/reviews?status=PENDING", "reviewer", null, Map.of()).json().path("items")) {
            if (item.path("jobId").asText().equals(jobId)) {
                reviewId = item.path("reviewId").asText();
            }
        }
        assertThat(reviewId).as("a pending review item for job %s", jobId).isNotNull();
        return reviewId;
    }

    /** Outside the placeholders the result is the original text, byte for byte, in order. */
    private static void assertRedactedByteForByte(String file, String original, String redacted, String findings) {
        String[] kept = PLACEHOLDER.split(redacted, -1);
        int placeholders = kept.length - 1;
        if (findings.equals("none")) {
            assertThat(redacted).as(file).isEqualTo(original);
            return;
        }
        assertThat(placeholders).as(file + " placeholders").isPositive();
        int at = 0;
        for (int i = 0; i < kept.length; i++) {
            int found = original.indexOf(kept[i], at);
            assertThat(found).as(file + " segment " + i).isGreaterThanOrEqualTo(at);
            if (i == 0) {
                assertThat(found).as(file + " starts unchanged").isZero();
            }
            at = found + kept[i].length();
        }
        assertThat(at).as(file + " ends unchanged").isEqualTo(original.length());
    }

    /**
     * One labelled value of every kind in the analyzer's corpus (phone numbers of every covered country,
     * national and international; every national identifier; an IBAN of every SEPA country; cards, e-mail,
     * IP addresses, dates of birth), as one customer letter: after review, the redacted result keeps none.
     */
    @Test
    @Order(2)
    void europeanLetter_withNationalPhoneNumbersIdsAndIbans_isRedactedOfEveryOne() throws Exception {
        Map<String, JsonNode> oneOfEachKind = new java.util.LinkedHashMap<>();
        for (String line : Files.readAllLines(SAMPLES.resolve("pii-corpus.jsonl"), StandardCharsets.UTF_8)) {
            JsonNode entry = dev.tandem.contracts.json.Json.read(line, JsonNode.class);
            if (!entry.path("labels").isEmpty()) {
                oneOfEachKind.putIfAbsent(entry.path("kind").asText(), entry);
            }
        }
        StringBuilder letter = new StringBuilder("Dear team,\n\nthe customer details we hold, as sent:\n");
        List<String> values = new ArrayList<>();
        for (JsonNode entry : oneOfEachKind.values()) {
            String text = entry.path("text").asText();
            entry.path("labels").forEach(l -> values.add(text.substring(l.path("start").asInt(), l.path("end").asInt())));
            letter.append(text).append('\n');
        }
        letter.append("\nKind regards\n");
        assertThat(oneOfEachKind.keySet()).as("kinds in the corpus").hasSizeGreaterThan(90)
                .contains("fr-phone-national", "de-phone-national", "pl-phone-national", "fr-nir", "nl-bsn", "mt-iban", "date-of-birth");

        String jobId = api.submit("support-kb", letter.toString(), "european-letter.txt").json().path("jobId").asText();
        assertThat(api.await(jobId, Duration.ofSeconds(60), Set.of("AWAITING_REVIEW")).path("status").asText())
                .as("national ids need review for support-kb").isEqualTo("AWAITING_REVIEW");
        String reviewId = pendingReviewOf(jobId);
        assertThat(api.send("POST", "/v1/reviews/" + reviewId, "reviewer", "{\"decision\":\"APPROVE\",\"comment\":\"redacted is fine\"}",
                Map.of("Content-Type", "application/json")).status()).isEqualTo(200);
        JsonNode job = api.await(jobId, Duration.ofSeconds(60), Set.of());
        assertThat(job.path("status").asText()).isEqualTo("COMPLETED");
        S3Location result = S3Location.of(job.at("/result/uri").asText());
        String redacted = s3.getObjectAsBytes(b -> b.bucket(result.bucket()).key(result.key())).asUtf8String();
        assertThat(values).allSatisfy(v -> assertThat(redacted).as("the redacted letter").doesNotContain(v));
        assertThat(PLACEHOLDER.matcher(redacted).results().count()).as("one placeholder per value").isEqualTo(values.size());
        assertRedactedByteForByte("european-letter.txt", letter.toString(), redacted, "all");
    }

    @Test
    @Order(2)
    void review_reject_endsRejectedWithoutAResult() throws Exception {
        String text = Files.readString(SAMPLES.resolve("hr-letter-national-id.txt"));
        String jobId = api.submit("support-kb", text, "reject-me.txt").json().path("jobId").asText();
        assertThat(api.await(jobId, Duration.ofSeconds(60), Set.of("AWAITING_REVIEW")).path("status").asText()).isEqualTo("AWAITING_REVIEW");
        String reviewId = pendingReviewOf(jobId);
        assertThat(api.send("POST", "/v1/reviews/" + reviewId, "reviewer", "{\"decision\":\"REJECT\",\"comment\":\"not for the KB\"}",
                Map.of("Content-Type", "application/json")).status()).isEqualTo(200);
        JsonNode job = api.await(jobId, Duration.ofSeconds(60), Set.of());
        assertThat(job.path("status").asText()).isEqualTo("REJECTED");
        assertThat(job.has("result")).isFalse();
        JsonNode audit = api.auditClosedBy(jobId, Set.of("JOB_REJECTED"), Duration.ofSeconds(10));
        List<String> types = new ArrayList<>();
        audit.path("events").forEach(e -> types.add(e.path("type").asText()));
        assertThat(types).containsSubsequence("POLICY_DECIDED", "REVIEW_REQUESTED", "REVIEW_REJECTED", "JOB_REJECTED");
        assertThat(audit.at("/verification/valid").asBoolean()).isTrue();
    }

    @Test
    @Order(3)
    void review_timeout_endsRejected_andAuditsTheTimeout() throws Exception {
        // The synthesized HumanReview waits 24 h; the local Step Functions knob shortens it for this run.
        setStateTimeouts("{\"HumanReview\":3}");
        try {
            String text = Files.readString(SAMPLES.resolve("hr-letter-national-id.txt"));
            String jobId = api.submit("support-kb", text, "nobody-reviews-me.txt").json().path("jobId").asText();
            JsonNode job = api.await(jobId, Duration.ofSeconds(60), Set.of());
            assertThat(job.path("status").asText()).isEqualTo("REJECTED");
            JsonNode audit = api.auditClosedBy(jobId, Set.of("JOB_REJECTED"), Duration.ofSeconds(10));
            List<String> types = new ArrayList<>();
            audit.path("events").forEach(e -> types.add(e.path("type").asText()));
            assertThat(types).containsSubsequence("POLICY_DECIDED", "REVIEW_REQUESTED", "REVIEW_TIMED_OUT", "JOB_REJECTED");
            assertThat(audit.at("/verification/valid").asBoolean()).isTrue();
        } finally {
            setStateTimeouts("{}");
        }
    }

    private static void setStateTimeouts(String timeouts) throws Exception {
        RunningStack.localKnob("SetStateTimeouts", "{\"timeouts\":" + timeouts + "}");
    }

    @Test
    @Order(5)
    void agentKilledWhileReportingItsDecision_theRestartedAgentReportsTheStoredDecision_once() throws Exception {
        RunningStack.localKnob("SetCallbackDelay", "{\"millis\":15000}");
        try {
            int starts = stack.agent().starts();
            String text = Files.readString(SAMPLES.resolve("multilingual-mixed.txt"));
            String jobId = api.submit("support-kb", text, "killed-mid-step.txt").json().path("jobId").asText();
            assertThat(RunningStack.awaitCase(jobId, "Govern", "DECIDED")).as("the agent decided and is reporting").isEqualTo("DECIDED");
            stack.agent().process().destroyForcibly();
            RunningStack.localKnob("SetCallbackDelay", "{\"millis\":0}");

            JsonNode job = api.await(jobId, Duration.ofSeconds(90), Set.of());
            assertThat(stack.agent().starts()).isGreaterThan(starts);
            assertThat(job.path("status").asText()).isEqualTo("COMPLETED");
            JsonNode audit = api.auditClosedBy(jobId, Set.of("JOB_COMPLETED"), Duration.ofSeconds(10));
            List<String> types = new ArrayList<>();
            audit.path("events").forEach(e -> types.add(e.path("type").asText()));
            assertThat(types.stream().filter("POLICY_DECIDED"::equals)).hasSize(1);
            assertThat(audit.at("/verification/valid").asBoolean()).isTrue();
        } finally {
            RunningStack.localKnob("SetCallbackDelay", "{\"millis\":0}");
        }
    }

    @Test
    @Order(3)
    void sameIdempotencyKey_concurrently_makesOneJob() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = "{\"purpose\":\"analytics\",\"document\":{\"text\":\"Quarterly numbers are up; write to ops@example.org.\"}}";
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<TandemClient.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> api.send("POST", "/v1/jobs", "submitter", body, Map.of("Idempotency-Key", key, "Content-Type", "application/json")));
            }
            Set<String> jobIds = new HashSet<>();
            for (Future<TandemClient.Response> f : pool.invokeAll(calls)) {
                TandemClient.Response r = f.get();
                assertThat(r.status()).as(r.text()).isIn(202, 409);
                if (r.status() == 202) {
                    jobIds.add(r.json().path("jobId").asText());
                }
            }
            assertThat(jobIds).hasSize(1);
            assertThat(api.await(jobIds.iterator().next(), Duration.ofSeconds(60), Set.of()).path("status").asText()).isEqualTo("COMPLETED");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Order(4)
    void badInput_getsProblemDetails_andLeavesNoJobNoObjectNoAuditEvent() {
        long jobs = count("jobs");
        long audit = count("audit");
        int objects = objects();
        String big = "x".repeat(1_048_577);      // one byte over the text limit: a schema violation
        String huge = "x".repeat(1_200_000);     // over the body limit (1 MiB + 64 KiB): too large
        List<TandemClient.Response> refused = List.of(
                api.send("POST", "/v1/jobs", "submitter", "{\"purpose\":", Map.of("Content-Type", "application/json")),
                api.send("POST", "/v1/jobs", "submitter", "{\"purpose\":\"resale\",\"document\":{\"text\":\"hi\"}}", Map.of("Content-Type", "application/json")),
                api.send("POST", "/v1/jobs", "submitter", "{\"purpose\":\"analytics\",\"document\":{\"text\":\"" + big + "\"}}",
                        Map.of("Content-Type", "application/json")),
                api.send("POST", "/v1/jobs", "submitter", "{\"purpose\":\"analytics\",\"document\":{\"text\":\"" + huge + "\"}}",
                        Map.of("Content-Type", "application/json")),
                api.send("POST", "/v1/jobs", "submitter", "purpose=analytics", Map.of("Content-Type", "application/x-www-form-urlencoded")),
                api.send("GET", "/v1/jobs/00000000-0000-0000-0000-000000000000", "submitter", null, Map.of()),
                api.send("GET", "/v1/jobs/not-a-job-id", "auditor", null, Map.of()),
                api.send("POST", "/v1/reviews/00000000-0000-0000-0000-000000000000", "reviewer", "{\"decision\":\"APPROVE\"}",
                        Map.of("Content-Type", "application/json")),
                api.send("POST", "/v1/jobs", null, "{\"purpose\":\"analytics\",\"document\":{\"text\":\"hi\"}}", Map.of("Content-Type", "application/json")),
                api.send("POST", "/v1/jobs", null, "{\"purpose\":\"analytics\",\"document\":{\"text\":\"hi\"}}",
                        Map.of("Content-Type", "application/json", "Authorization", "Bearer not.a.token")),
                api.send("POST", "/v1/jobs", "reviewer", "{\"purpose\":\"analytics\",\"document\":{\"text\":\"hi\"}}", Map.of("Content-Type", "application/json")),
                // Strict input: bytes that are not UTF-8, a lone surrogate, another charset, a compressed body.
                api.sendBytes("POST", "/v1/jobs", "submitter", notUtf8(), Map.of("Content-Type", "application/json")),
                api.send("POST", "/v1/jobs", "submitter", "{\"purpose\":\"analytics\",\"document\":{\"text\":\"a\\ud800b\"}}",
                        Map.of("Content-Type", "application/json")),
                api.send("POST", "/v1/jobs", "submitter", "{\"purpose\":\"analytics\",\"document\":{\"text\":\"hi\"}}",
                        Map.of("Content-Type", "application/json; charset=iso-8859-1")),
                api.send("POST", "/v1/jobs", "submitter", "{\"purpose\":\"analytics\",\"document\":{\"text\":\"hi\"}}",
                        Map.of("Content-Type", "application/json", "Content-Encoding", "gzip")),
                // Parameters a route does not take, and a method a known path does not have.
                api.send("GET", "/v1/reviews?limit=-1", "reviewer", null, Map.of()),
                api.send("GET", "/v1/lineage?model=x&next=garbage", "auditor", null, Map.of()),
                api.send("DELETE", "/v1/jobs", "submitter", null, Map.of()));
        assertThat(refused).allSatisfy(r -> {
            assertThat(r.status()).as(r.text()).isBetween(400, 499);
            assertThat(r.headers().get("content-type")).as(r.text()).anySatisfy(v -> assertThat(v).startsWith("application/problem+json"));
            assertThat(r.json().path("type").asText()).startsWith("https://tandem.dev/problems/");
            assertThat(r.json().path("detail").asText()).isNotBlank();
        });
        assertThat(refused).extracting(TandemClient.Response::status)
                .containsExactly(400, 400, 400, 413, 415, 404, 400, 404, 401, 401, 403, 400, 400, 415, 415, 400, 400, 405);
        assertThat(refused.get(11).json().path("detail").asText()).contains("not valid UTF-8: the byte 0xFF at offset");
        assertThat(refused.get(12).json().at("/errors/0/pointer").asText()).isEqualTo("/document/text");
        assertThat(refused.get(15).json().at("/errors/0/pointer").asText()).isEqualTo("/queryStringParameters/limit");
        assertThat(refused.get(16).json().at("/errors/0/pointer").asText()).isEqualTo("/queryStringParameters/next");
        assertThat(refused.get(17).headers().get("allow")).containsExactly("POST, GET");
        assertThat(count("jobs")).isEqualTo(jobs);
        assertThat(count("audit")).isEqualTo(audit);
        assertThat(objects()).isEqualTo(objects);
    }

    /** A submission whose text holds a byte that is not UTF-8 (0xFF). */
    private static byte[] notUtf8() {
        byte[] body = "{\"purpose\":\"analytics\",\"document\":{\"text\":\"caf?\"}}".getBytes(StandardCharsets.UTF_8);
        body[body.length - 4] = (byte) 0xFF;
        return body;
    }

    @Test
    @Order(5)
    void agentKilledAndRestarted_theGovernedJobCompletesWithOneDecision() throws Exception {
        Process agent = stack.agent().process();
        int starts = stack.agent().starts();
        agent.destroyForcibly();
        agent.waitFor();
        String text = Files.readString(SAMPLES.resolve("support-ticket-contact.txt"));
        String jobId = api.submit("support-kb", text, "while-the-agent-is-down.txt").json().path("jobId").asText();
        JsonNode job = api.await(jobId, Duration.ofSeconds(90), Set.of());
        assertThat(stack.agent().starts()).isGreaterThan(starts);
        assertThat(job.path("status").asText()).isEqualTo("COMPLETED");
        JsonNode audit = api.auditClosedBy(jobId, Set.of("JOB_COMPLETED"), Duration.ofSeconds(10));
        int decisions = 0;
        for (JsonNode e : audit.path("events")) {
            decisions += e.path("type").asText().equals("POLICY_DECIDED") ? 1 : 0;
        }
        assertThat(decisions).isEqualTo(1);
        assertThat(audit.at("/verification/valid").asBoolean()).isTrue();
    }

    @Test
    @Order(6)
    void twoHundredConcurrentSubmissions_allReachATerminalState_noneLostOrDuplicated() throws Exception {
        String text = Files.readString(SAMPLES.resolve("incident-report-network.txt"));
        long before = count("jobs");
        // 32 clients queue on the local stack's two execution environments per function, on two cores: this test is
        // about nothing lost or duplicated, so a request may wait (latency is measured by scripts/bench pipeline).
        TandemClient patient = new TandemClient(stack.endpoints().api(), Duration.ofSeconds(180));
        // 16 clients: with 32, steps of this load queued past their TimeoutSeconds on the local Lambda host (two
        // environments per function) once the jobs table carried its list indexes (States.Timeout, not a lost job).
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<String>> submissions = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                submissions.add(() -> {
                    TandemClient.Response r = patient.submit(n % 2 == 0 ? "support-kb" : "analytics", text, "load-" + n + ".txt");
                    assertThat(r.status()).as(r.text()).isEqualTo(202);
                    return r.json().path("jobId").asText();
                });
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(submissions)) {
                ids.add(f.get());
            }
            assertThat(new HashSet<>(ids)).hasSize(200);
            for (String id : ids) {
                assertThat(api.await(id, Duration.ofSeconds(180), Set.of()).path("status").asText()).as(id).isEqualTo("COMPLETED");
            }
            assertThat(count("jobs") - before).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Order(7)
    void killSwitch_refusesNewJobsWith503_andAGovernedJobInFlightEndsHalted() throws Exception {
        // Hold the governed step: stop the agent, submit, wait until the job reaches Govern.
        String parameter = dev.tandem.contracts.infra.Stages.killSwitchPrefix("local") + "document-compliance";
        Process agent = stack.agent().process();
        agent.destroyForcibly();
        String text = Files.readString(SAMPLES.resolve("invoice-payment.txt"));
        String jobId = api.submit("support-kb", text, "in-flight.txt").json().path("jobId").asText();
        stack.controlPlane().put(parameter, "on");
        try {
            Thread.sleep(1_500); // the functions cache the switch for 1 s locally (10 s in AWS)
            TandemClient.Response refused = api.submit("support-kb", "hello", "refused.txt");
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.headers().get("retry-after")).isNotEmpty();
            assertThat(refused.json().path("type").asText()).isEqualTo("https://tandem.dev/problems/pipeline-halted");

            JsonNode job = api.await(jobId, Duration.ofSeconds(90), Set.of());
            assertThat(job.path("status").asText()).isEqualTo("HALTED");
            assertThat(job.at("/error/code").asText(job.at("/error/error").asText())).isEqualTo("Tandem.KillSwitch");
            JsonNode audit = api.auditClosedBy(jobId, Set.of("JOB_HALTED"), Duration.ofSeconds(10));
            List<String> types = new ArrayList<>();
            audit.path("events").forEach(e -> types.add(e.path("type").asText()));
            assertThat(types).contains("GOVERNANCE_HALTED", "JOB_HALTED").doesNotContain("POLICY_DECIDED");
        } finally {
            stack.controlPlane().put(parameter, "off");
        }
    }

    /**
     * Every response these tests received (successes, problems, 404s and 405s) conforms to the OpenAPI document the
     * deployed API serves, and every operation's success response was among them (the few no earlier test needs are
     * called here).
     */
    @Test
    @Order(8)
    void everyResponseOfTheseTests_conformsToTheServedOpenApiDocument_andEveryOperationWasExercised() {
        assertThat(api.send("GET", "/v1/health", null, null, Map.of()).status()).isEqualTo(200);
        assertThat(api.send("GET", "/v1/openapi.json", null, null, Map.of()).status()).isEqualTo(200);
        assertThat(api.send("GET", "/v1/lineage?policy=document-compliance%401.1.0", "auditor", null, Map.of()).status()).isEqualTo(200);
        assertThat(api.send("DELETE", "/v1/jobs", "operator", null, Map.of()).status()).isEqualTo(405);

        assertThat(conformance.violations()).isEmpty();
        Set<String> missing = new java.util.TreeSet<>(conformance.successes());
        missing.removeAll(conformance.seen());
        assertThat(missing).as("operations no test received a success from").isEmpty();
    }

    private static long count(String table) {
        String name = stack.endpoints().tables().get(table);
        long n = 0;
        for (var page : dynamoDb.scanPaginator(b -> b.tableName(name).select(Select.COUNT))) {
            n += page.count();
        }
        return n;
    }

    private static int objects() {
        int n = 0;
        for (var page : s3.listObjectsV2Paginator(b -> b.bucket(stack.endpoints().bucket()))) {
            n += page.keyCount();
        }
        return n;
    }

}
