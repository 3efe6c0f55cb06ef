package dev.tandem.pipelines.documentcompliance.steps;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.contracts.Digests;
import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.lineage.LineageEdge;
import dev.tandem.contracts.lineage.LineageGraph;
import dev.tandem.contracts.lineage.LineageNode;
import dev.tandem.contracts.pipeline.Finding;
import dev.tandem.contracts.pipeline.FindingType;
import dev.tandem.contracts.pipeline.Outcome;
import dev.tandem.contracts.pipeline.PolicyDecision;
import dev.tandem.contracts.pipeline.RedactionPlan;
import dev.tandem.aws.audit.AuditLog;
import dev.tandem.functions.jobs.JobRecord;
import dev.tandem.functions.jobs.JobTable;
import dev.tandem.functions.jobs.SubmitJobHandler;
import dev.tandem.functions.lineage.LineageTable;
import dev.tandem.functions.reviews.DecideReviewHandler;
import dev.tandem.functions.steps.Payloads;
import dev.tandem.functions.steps.StepContext;
import dev.tandem.functions.steps.analysis.Analyzer;
import dev.tandem.functions.steps.analysis.Chunker;
import dev.tandem.functions.steps.analyze.AnalyzeChunkHandler;
import dev.tandem.pipelines.documentcompliance.steps.assess.AssessHandler;
import dev.tandem.pipelines.documentcompliance.steps.extract.ExtractHandler;
import dev.tandem.functions.steps.failed.MarkFailedHandler;
import dev.tandem.pipelines.documentcompliance.steps.finalize.FinalizeHandler;
import dev.tandem.functions.steps.review.RequestReviewHandler;
import dev.tandem.functions.support.ApiStack;
import dev.tandem.functions.support.Events;
import dev.tandem.testsupport.AwsEndpoints;
import dev.tandem.testsupport.AwsEngines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every sample through the real step handlers, in the order and with the state shape the state
 * machine uses ({@code $.extract}, {@code $.analysis}, {@code $.assessment}, {@code $.decision},
 * {@code $.review}). The Govern step belongs to the agent service; here a stand-in applies the
 * default policy bundle's table from samples/README.md, so the steps after it can be verified.
 */
@AwsEngines
class PipelineIT {

    private static final String SUBMITTER = "9d8c7b6a-1111-4222-8333-444444444444";
    private static final String REVIEWER = "2a3b4c5d-bbbb-4ccc-8ddd-222222222222";
    private static ApiStack stack;
    private static StepContext context = new StepContext("it", "7");

    @BeforeAll
    static void start(AwsEndpoints endpoints, DynamoDbClient dynamoDb, S3Client s3) {
        stack = ApiStack.start(endpoints, dynamoDb, s3);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    /** What an execution's state looks like after Finalize, plus the job id. */
    record Run(String jobId, ObjectNode state, JsonNode finalized, int largestStatePayload) {
    }

    static Run runPipeline(String text, String purpose, String verdict) {
        stack.resetFakes();
        var submit = new SubmitJobHandler(stack.context).handleRequest(ApiStack.submitEvent(SUBMITTER, "submitter",
                Json.write(Map.of("purpose", purpose, "document", Map.of("text", text))), null), null);
        assertThat(submit.getStatusCode()).as(submit.getBody()).isEqualTo(202);
        String jobId = Json.read(submit.getBody(), JsonNode.class).get("jobId").asText();
        ObjectNode state = (ObjectNode) Json.read(
                Json.read(stack.sfnCalls("StartExecution").getFirst().getBodyAsString(), JsonNode.class).get("input").asText(), JsonNode.class);
        int largest = Json.write(state).length();

        state.set("extract", Json.tree(new ExtractHandler(stack.context).execute(state, context)));
        ArrayNode analysis = state.putArray("analysis");
        AnalyzeChunkHandler analyze = new AnalyzeChunkHandler(stack.context);
        for (JsonNode item : state.path("extract").path("chunks")) {
            JsonNode out = Json.tree(analyze.execute(item, context));
            largest = Math.max(largest, Json.write(out).length());
            analysis.add(out);
        }
        state.set("assessment", Json.tree(new AssessHandler(stack.context).execute(state, context)));
        if (state.at("/assessment/path").asText().equals("GOVERNED")) {
            state.set("decision", Json.tree(standInDecision(state, purpose)));
            if (state.at("/decision/outcome").asText().equals("REVIEW_REQUIRED")) {
                ObjectNode reviewInput = Json.mapper().createObjectNode();
                reviewInput.put("taskToken", "token-" + jobId).put("jobId", jobId).put("step", "HumanReview")
                        .put("timeoutSeconds", 86_400).set("decision", state.get("decision"));
                reviewInput.set("attributes", state.get("attributes"));
                String reviewId = ((Map<?, ?>) new RequestReviewHandler(stack.context).execute(reviewInput, context)).get("reviewId").toString();
                assertThat(stack.context.getBean(JobTable.class).get(jobId).status()).isEqualTo(JobStatus.AWAITING_REVIEW);
                if (verdict == null) {
                    state.putObject("reviewError").put("Error", "States.Timeout").put("Cause", "review timed out");
                } else {
                    APIGatewayProxyRequestEvent decide = Events.withClaims(Events.load("decide-review.json"), REVIEWER, "reviewer");
                    decide.setPathParameters(Map.of("reviewId", reviewId));
                    decide.setBody("{\"decision\":\"" + verdict + "\"}");
                    assertThat(new DecideReviewHandler(stack.context).handleRequest(decide, null).getStatusCode()).isEqualTo(200);
                    String output = Json.read(stack.sfnCalls("SendTaskSuccess").getFirst().getBodyAsString(), JsonNode.class).get("output").asText();
                    state.set("review", Json.read(output, JsonNode.class));
                }
            }
        }
        largest = Math.max(largest, Json.write(state).length());
        JsonNode finalized = Json.tree(new FinalizeHandler(stack.context).execute(state, context));
        return new Run(jobId, state, finalized, largest);
    }

    /** The default policy bundle's table (samples/README.md), standing in for the agent's Govern step. */
    static PolicyDecision standInDecision(JsonNode state, String purpose) {
        Set<FindingType> types = EnumSet.noneOf(FindingType.class);
        state.at("/assessment/findingTypes").forEach(t -> types.add(FindingType.valueOf(t.asText())));
        Outcome outcome = Outcome.ALLOW;
        for (FindingType t : types) {
            Outcome o = switch (t) {
                case EMAIL, PHONE, IP_ADDRESS, DATE_OF_BIRTH -> Outcome.ALLOW_WITH_REDACTION;
                case PAYMENT_CARD, IBAN -> purpose.equals("model-training") ? Outcome.DENY : Outcome.ALLOW_WITH_REDACTION;
                case NATIONAL_ID -> purpose.equals("model-training") ? Outcome.DENY : Outcome.REVIEW_REQUIRED;
            };
            outcome = outcome.strongest(o);
        }
        return new PolicyDecision(outcome, "1.1.0+standin", List.of("stand-in"), "0".repeat(64), RedactionPlan.of(types),
                "agent:stand-in", Instant.now());
    }

    static String sample(String name) throws IOException {
        return Files.readString(Path.of("..", "..", "samples", name));
    }

    @ParameterizedTest(name = "{0} for {1}")
    @CsvSource(delimiter = '|', value = {
            "clean-product-faq.txt|support-kb|COMPLETED|ALLOW|FAST",
            "support-ticket-contact.txt|support-kb|COMPLETED|ALLOW_WITH_REDACTION|GOVERNED",
            "invoice-payment.txt|support-kb|COMPLETED|ALLOW_WITH_REDACTION|GOVERNED",
            "invoice-payment.txt|model-training|REJECTED|DENY|GOVERNED",
            "hr-letter-national-id.txt|support-kb|COMPLETED|ALLOW_WITH_REDACTION|GOVERNED",
            "incident-report-network.txt|support-kb|COMPLETED|ALLOW_WITH_REDACTION|GOVERNED",
            "false-positives.txt|support-kb|COMPLETED|ALLOW|FAST",
            "multilingual-mixed.txt|support-kb|COMPLETED|ALLOW_WITH_REDACTION|GOVERNED",
            "meeting-notes-long.txt|support-kb|COMPLETED|ALLOW_WITH_REDACTION|GOVERNED"})
    void sample_endToEnd(String file, String purpose, JobStatus status, Outcome outcome, String path) throws IOException {
        String raw = sample(file);
        String text = Chunker.normalize(raw);
        List<Finding> expected = new Analyzer().analyze(text);

        Run run = runPipeline(raw, purpose, "APPROVE");

        assertThat(run.state().at("/assessment/path").asText()).isEqualTo(path);
        JobRecord job = stack.context.getBean(JobTable.class).get(run.jobId());
        assertThat(job.status()).isEqualTo(status);
        assertThat(job.decision().outcome()).isEqualTo(outcome);
        assertThat(run.finalized().get("status").asText()).isEqualTo(status.name());

        List<Finding> stored = List.of(Json.read(new String(stack.context.getBean(Payloads.class)
                .read(run.state().at("/assessment/findings/uri").asText()), StandardCharsets.UTF_8), Finding[].class));
        assertThat(stored).as("findings by type and absolute offset").isEqualTo(expected);
        assertThat(run.largestStatePayload()).as("state payload bytes").isLessThan(8 * 1024);

        // What the job's models did, reported for its KPIs: one classification per chunk, the findings by type.
        assertThat(job.inference()).isNotNull();
        assertThat(job.inference().modelVersion()).isEqualTo("embedded-lexicon@1.0.0");
        assertThat(job.inference().invocations()).isEqualTo(run.state().at("/extract/chunks").size());
        assertThat(job.inference().tokens()).as("the embedded model counts no tokens").isZero();
        Map<String, Long> byType = new java.util.TreeMap<>();
        expected.forEach(f -> byType.merge(f.type().name(), 1L, Long::sum));
        assertThat(job.inference().features()).isEqualTo(byType);

        if (status == JobStatus.COMPLETED) {
            String result = new String(stack.context.getBean(Payloads.class).read(job.result().uri()), StandardCharsets.UTF_8);
            assertThat(job.result().sha256()).isEqualTo(Digests.sha256Hex(result.getBytes(StandardCharsets.UTF_8)));
            assertRedactedByteForByte(text, result, outcome == Outcome.ALLOW ? List.of() : expected);
        } else {
            assertThat(job.result()).isNull();
        }

        LineageGraph graph = stack.context.getBean(LineageTable.class).graph(run.jobId());
        Set<String> relations = graph.edges().stream().map(LineageEdge::relation).collect(Collectors.toSet());
        assertThat(relations).contains("PROCESSED", "SPLIT_INTO", "CLASSIFIED_BY", "USED_MODEL", "DECIDED_BY", "EVALUATED", "EXECUTED_BY");
        assertThat(graph.nodes()).extracting(LineageNode::id).contains("document", "model:embedded-lexicon@1.0.0", "chunk:0");
        int chunks = run.state().at("/extract/chunks").size();
        assertThat(graph.nodes().stream().filter(n -> n.kind() == LineageNode.Kind.CHUNK)).hasSize(chunks);
        if (status == JobStatus.COMPLETED) {
            assertThat(relations).contains("PRODUCED");
        }
        assertThat(stack.events()).hasSize(1);
        assertThat(stack.events().getFirst().getBodyAsString()).contains(dev.tandem.contracts.infra.JobEventNames.JOB_ENDED).doesNotContain("example.");
        assertThat(dev.tandem.contracts.audit.AuditChain.verify(stack.context.getBean(AuditLog.class).events(run.jobId())).valid()).isTrue();
    }

    /** Outside the placeholders the result equals the normalized text; no redacted value survives. */
    static void assertRedactedByteForByte(String text, String result, List<Finding> redacted) {
        StringBuilder original = new StringBuilder();
        int cursor = 0;
        Map<FindingType, Integer> placeholders = new EnumMap<>(FindingType.class);
        for (Finding f : redacted) {
            original.append(text, cursor, (int) f.start()).append('\u0000');
            cursor = (int) f.end();
            placeholders.merge(f.type(), 1, Integer::sum);
            assertThat(result).doesNotContain(text.substring((int) f.start(), (int) f.end()));
        }
        original.append(text, cursor, text.length());
        String stripped = result;
        for (FindingType t : FindingType.values()) {
            stripped = stripped.replace(t.placeholder(), "\u0000");
        }
        assertThat(stripped).isEqualTo(original.toString());
        placeholders.forEach((type, n) -> assertThat(result.split(java.util.regex.Pattern.quote(type.placeholder()), -1).length - 1).isEqualTo(n));
    }

    @Test
    void review_rejected_and_reviewTimeout_endRejectedWithoutResult_andAudited() throws IOException {
        Run rejected = runPipeline(sample("hr-letter-national-id.txt"), "support-kb", "REJECT");
        Run timedOut = runPipeline(sample("hr-letter-national-id.txt"), "support-kb", null);

        for (Run run : List.of(rejected, timedOut)) {
            JobRecord job = stack.context.getBean(JobTable.class).get(run.jobId());
            assertThat(job.status()).isEqualTo(JobStatus.REJECTED);
            assertThat(job.result()).isNull();
        }
        assertThat(stack.context.getBean(AuditLog.class).events(timedOut.jobId())).extracting(e -> e.type())
                .containsSubsequence("REVIEW_REQUESTED", "REVIEW_TIMED_OUT", "JOB_REJECTED");
        assertThat(stack.context.getBean(AuditLog.class).events(rejected.jobId())).extracting(e -> e.type())
                .containsSubsequence("REVIEW_REQUESTED", "REVIEW_REJECTED", "JOB_REJECTED");
    }

    @Test
    void findingAcrossTheChunkBoundary_isFoundOnce() {
        String email = "dana.whitfield@example.com";
        String text = "a ".repeat((Chunker.CHUNK_SIZE - 10) / 2) + email + " and more text " + "b ".repeat(500);

        Run run = runPipeline(text, "analytics", "APPROVE");

        assertThat(run.state().at("/extract/chunks").size()).isEqualTo(2);
        assertThat(run.state().at("/assessment/counts/EMAIL").asInt()).isEqualTo(1);
        int start = text.indexOf(email);
        assertThat(start).isLessThan(Chunker.CHUNK_SIZE).isGreaterThan(Chunker.CHUNK_SIZE - email.length());
    }

    @Test
    void finalizeRetried_writesNothingTwice() throws IOException {
        Run run = runPipeline(sample("support-ticket-contact.txt"), "support-kb", "APPROVE");
        int audits = stack.context.getBean(AuditLog.class).events(run.jobId()).size();

        JsonNode again = Json.tree(new FinalizeHandler(stack.context).execute(run.state(), context));

        assertThat(again.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(stack.context.getBean(AuditLog.class).events(run.jobId())).hasSize(audits);
        assertThat(stack.events()).hasSize(1);
    }

    @Test
    void markFailed_onTheExecutionsFailureEvent_recordsTheCauseAndTheFailedState_theKillSwitchHalts_aCancellationIsLeftAlone() {
        String failed = submitOnly();
        String halted = submitOnly();
        String cancelled = submitOnly();
        stack.stubSfn("GetExecutionHistory", 200, "{\"events\":[{\"id\":9,\"type\":\"ExecutionFailed\",\"timestamp\":1764494042},"
                + "{\"id\":8,\"type\":\"TaskFailed\",\"timestamp\":1764494041},"
                + "{\"id\":7,\"type\":\"TaskStateEntered\",\"timestamp\":1764494040,\"stateEnteredEventDetails\":{\"name\":\"Extract\"}}]}");
        MarkFailedHandler handler = new MarkFailedHandler(stack.context);

        handler.execute(failureEvent(failed, "FAILED", "dev.tandem.pipelines.documentcompliance.steps.extract.Extract$IntegrityException",
                "{\"errorMessage\":\"raw document of job " + failed + " does not match its recorded SHA-256\",\"stackTrace\":[]}"), context);
        handler.execute(failureEvent(halted, "FAILED", "Tandem.KillSwitch", "pipeline halted"), context);
        handler.execute(failureEvent(cancelled, "ABORTED", dev.tandem.contracts.pipeline.WorkflowError.CANCELLED.code(), "cancelled by user:x"), context);

        JobRecord f = stack.context.getBean(JobTable.class).get(failed);
        assertThat(f.status()).isEqualTo(JobStatus.FAILED);
        assertThat(f.error().code()).endsWith("IntegrityException");
        assertThat(f.error().cause()).isEqualTo("raw document of job " + failed + " does not match its recorded SHA-256");
        assertThat(f.error().step()).isEqualTo("Extract");
        assertThat(Json.read(stack.sfnCalls("GetExecutionHistory").getFirst().getBodyAsString(), JsonNode.class).path("reverseOrder").asBoolean())
                .isTrue();
        assertThat(stack.context.getBean(JobTable.class).get(halted).status()).isEqualTo(JobStatus.HALTED);
        assertThat(stack.context.getBean(JobTable.class).get(cancelled).status().isTerminal()).isFalse();
        assertThat(stack.context.getBean(AuditLog.class).events(cancelled)).isEmpty();
        var view = new dev.tandem.functions.jobs.GetJobHandler(stack.context).handleRequest(
                ApiStack.getEvent("get-job.json", SUBMITTER, "submitter", Map.of("jobId", failed)), null);
        assertThat(Json.read(view.getBody(), JsonNode.class).at("/error/cause").asText()).contains("does not match");
    }

    /** Step Functions' status-change event for the job's execution, as EventBridge delivers it. */
    private static JsonNode failureEvent(String jobId, String status, String error, String cause) {
        var event = Json.mapper().createObjectNode();
        event.put("source", dev.tandem.contracts.infra.ExecutionEvents.SOURCE).put("detail-type", dev.tandem.contracts.infra.ExecutionEvents.STATUS_CHANGE);
        event.putObject("detail").put("executionArn", ApiStack.STATE_MACHINE_ARN.replace(":stateMachine:", ":execution:") + ":" + jobId)
                .put("name", jobId).put("status", status).put("error", error).put("cause", cause);
        return event;
    }

    private static String submitOnly() {
        stack.resetFakes();
        var r = new SubmitJobHandler(stack.context).handleRequest(ApiStack.submitEvent(SUBMITTER, "submitter",
                "{\"purpose\":\"analytics\",\"document\":{\"text\":\"x\"}}", UUID.randomUUID().toString()), null);
        return Json.read(r.getBody(), JsonNode.class).get("jobId").asText();
    }
}
