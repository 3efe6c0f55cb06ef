package dev.tandem.functions.reviews;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.api.Purpose;
import dev.tandem.contracts.pipeline.spi.LibraryInputs;
import dev.tandem.contracts.api.ReviewItem;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.FindingType;
import dev.tandem.contracts.pipeline.RedactionPlan;
import dev.tandem.functions.support.ApiStack;
import dev.tandem.functions.support.Events;
import dev.tandem.testsupport.AwsEndpoints;
import dev.tandem.testsupport.AwsEngines;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

@AwsEngines
class ReviewsIT {

    private static final String REVIEWER = "2a3b4c5d-bbbb-4ccc-8ddd-222222222222";
    private static ApiStack stack;
    private static ReviewTable reviews;
    private static ListReviewsHandler list;
    private static DecideReviewHandler decide;
    private static DynamoDbClient db;

    @BeforeAll
    static void start(AwsEndpoints endpoints, DynamoDbClient dynamoDb, S3Client s3) {
        db = dynamoDb;
        stack = ApiStack.start(endpoints, dynamoDb, s3);
        reviews = stack.context.getBean(ReviewTable.class);
        list = new ListReviewsHandler(stack.context);
        decide = new DecideReviewHandler(stack.context);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @BeforeEach
    void resetFakes() {
        stack.resetFakes();
    }

    private static String pendingReview() {
        String reviewId = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        reviews.create(new ReviewRecord(new ReviewItem(reviewId, UUID.randomUUID().toString(), ReviewItem.Status.PENDING,
                Map.of(LibraryInputs.PURPOSE, Purpose.SUPPORT_KB.wireName()), new RedactionPlan(List.of(FindingType.NATIONAL_ID, FindingType.EMAIL)),
                List.of("national-id-review"), now, now.plusSeconds(86_400), null), "token-" + reviewId));
        return reviewId;
    }

    private static APIGatewayProxyRequestEvent decision(String reviewId, String verdict, String sub) {
        APIGatewayProxyRequestEvent event = Events.withClaims(Events.load("decide-review.json"), sub, "reviewer");
        event.setPathParameters(Map.of("reviewId", reviewId));
        event.setBody("{\"decision\":\"" + verdict + "\",\"comment\":\"checked\"}");
        return event;
    }

    private static JsonNode json(APIGatewayProxyResponseEvent r) {
        return Json.read(r.getBody(), JsonNode.class);
    }

    @Test
    void pendingQueue_listsReviewsWithoutTheirTaskTokens() {
        String reviewId = pendingReview();
        APIGatewayProxyRequestEvent event = Events.withClaims(Events.load("health.json"), REVIEWER, "reviewer");
        event.setQueryStringParameters(Map.of("status", "PENDING"));

        APIGatewayProxyResponseEvent response = list.handleRequest(event, null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(json(response).get("items").findValuesAsText("reviewId")).contains(reviewId);
        assertThat(response.getBody()).doesNotContain("token-");
        assertThat(list.handleRequest(Events.withClaims(Events.load("health.json"), REVIEWER, "submitter"), null).getStatusCode()).isEqualTo(403);
        event.setQueryStringParameters(Map.of("status", "SOMETIME"));
        assertThat(list.handleRequest(event, null).getStatusCode()).isEqualTo(400);
    }

    @Test
    void approve_resumesTheWorkflowOnce_andASecondDecisionIs409() {
        String reviewId = pendingReview();

        APIGatewayProxyResponseEvent first = decide.handleRequest(decision(reviewId, "APPROVE", REVIEWER), null);
        APIGatewayProxyResponseEvent second = decide.handleRequest(decision(reviewId, "REJECT", REVIEWER), null);

        assertThat(first.getStatusCode()).as(first.getBody()).isEqualTo(200);
        assertThat(json(first).get("status").asText()).isEqualTo("APPROVED");
        assertThat(json(first).at("/decision/reviewer").asText()).isEqualTo("reviewer:" + REVIEWER);
        assertThat(second.getStatusCode()).isEqualTo(409);
        assertThat(stack.sfnCalls("SendTaskSuccess")).hasSize(1);
        JsonNode call = Json.read(stack.sfnCalls("SendTaskSuccess").getFirst().getBodyAsString(), JsonNode.class);
        assertThat(call.get("taskToken").asText()).isEqualTo("token-" + reviewId);
        assertThat(Json.read(call.get("output").asText(), JsonNode.class).get("verdict").asText()).isEqualTo("APPROVE");
        assertThat(reviews.get(reviewId).item().status()).isEqualTo(ReviewItem.Status.APPROVED);
    }

    @Test
    void twoReviewersDecidingAtOnce_resumeTheWorkflowExactlyOnce() throws Exception {
        String reviewId = pendingReview();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<APIGatewayProxyResponseEvent>> futures = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String verdict = i % 2 == 0 ? "APPROVE" : "REJECT";
            futures.add(pool.submit(() -> {
                go.await();
                return decide.handleRequest(decision(reviewId, verdict, UUID.randomUUID().toString()), null);
            }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<APIGatewayProxyResponseEvent> f : futures) {
            statuses.add(f.get().getStatusCode());
        }
        pool.shutdown();

        assertThat(statuses).containsOnly(200, 409);
        assertThat(statuses.stream().filter(s -> s == 200)).hasSize(1);
        assertThat(stack.sfnCalls("SendTaskSuccess")).hasSize(1);
    }

    @Test
    void reviewWhoseWorkflowStoppedWaiting_is409AndExpired() {
        String reviewId = pendingReview();
        stack.stubSfn("SendTaskSuccess", 400, "{\"__type\":\"TaskTimedOut\",\"message\":\"Task Timed Out\"}");

        APIGatewayProxyResponseEvent response = decide.handleRequest(decision(reviewId, "APPROVE", REVIEWER), null);

        assertThat(response.getStatusCode()).isEqualTo(409);
        assertThat(json(response).get("detail").asText()).contains("expired");
        assertThat(reviews.get(reviewId).item().status()).isEqualTo(ReviewItem.Status.EXPIRED);
    }

    @Test
    void transientCallbackFailure_reopensTheReviewForAnotherTry() {
        String reviewId = pendingReview();
        stack.stubSfn("SendTaskSuccess", 500, "{\"__type\":\"InternalFailure\",\"message\":\"oops\"}");

        APIGatewayProxyResponseEvent response = decide.handleRequest(decision(reviewId, "APPROVE", REVIEWER), null);

        assertThat(response.getStatusCode()).isEqualTo(500);
        assertThat(reviews.get(reviewId).item().status()).isEqualTo(ReviewItem.Status.PENDING);
        stack.resetFakes();
        assertThat(decide.handleRequest(decision(reviewId, "APPROVE", REVIEWER), null).getStatusCode()).isEqualTo(200);
    }

    @Test
    void unknownReview_is404_andMalformedId_is400() {
        assertThat(decide.handleRequest(decision(UUID.randomUUID().toString(), "APPROVE", REVIEWER), null).getStatusCode()).isEqualTo(404);
        assertThat(decide.handleRequest(decision("not-an-id", "APPROVE", REVIEWER), null).getStatusCode()).isEqualTo(400);
        assertThat(stack.sfnCalls("SendTaskSuccess")).isEmpty();
    }

    /** An automatically decided job, measured, with its decision: what a sample checks. */
    private static String measuredJob(double cost) {
        String jobId = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        var decision = new dev.tandem.contracts.pipeline.PolicyDecision(dev.tandem.contracts.pipeline.Outcome.ALLOW_WITH_REDACTION, "1.0.0+abc",
                List.of("contact-redact"), "0".repeat(64), new RedactionPlan(List.of(FindingType.EMAIL)), "agent:test", now);
        var job = new dev.tandem.functions.jobs.JobRecord(jobId, dev.tandem.contracts.pipeline.spi.ExamplePipeline.NAME, "alice", Map.of(),
                dev.tandem.contracts.api.JobStatus.COMPLETED, now, now,
                new dev.tandem.contracts.pipeline.PayloadRef("doc.txt", "s3://b/jobs/" + jobId + "/raw.txt", "0".repeat(64), 10), "doc.txt",
                Map.of(), "c-" + jobId, List.of(), decision, null, null);
        var jobTable = stack.context.getBean(dev.tandem.functions.jobs.JobTable.class);
        jobTable.create(job);
        var kpis = new dev.tandem.contracts.api.JobKpis(now, dev.tandem.contracts.api.JobStatus.COMPLETED, 1_000, 6, Map.of(), null, 10, cost,
                Map.of(), new dev.tandem.contracts.api.JobKpis.Pricing("us-east-1", java.time.LocalDate.parse("2025-06-01")), "1.0.0+abc", null, null);
        jobTable.recordKpis(jobId, kpis);
        stack.context.getBean(dev.tandem.functions.kpis.KpiTable.class).put(job.pipeline(), jobId, now, kpis);
        assertThat(stack.context.getBean(dev.tandem.functions.kpis.SampleChecks.class).offer(jobTable.get(jobId), kpis, 1.0)).isTrue();
        return jobId;
    }

    private static List<JsonNode> listed(String kind) {
        APIGatewayProxyRequestEvent event = Events.withClaims(Events.load("health.json"), REVIEWER, "reviewer");
        event.setQueryStringParameters(kind == null ? Map.of("status", "PENDING") : Map.of("status", "PENDING", "kind", kind));
        APIGatewayProxyResponseEvent response = list.handleRequest(event, null);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        json(response).path("items").forEach(out::add);
        return out;
    }

    @Test
    void aSampledAutomaticOutcome_isCheckedOnItsOwnQueue_andTheVerdictLabelsTheJobsKpis_withoutTouchingTheJobOrAWorkflow() {
        String decisionReview = pendingReview();
        String confirmedJob = measuredJob(0.0001);
        String overturnedJob = measuredJob(0.0002);
        String confirmed = ReviewTable.sampleIdOf(confirmedJob);
        String overturned = ReviewTable.sampleIdOf(overturnedJob);

        // The reviewers' queue stays the decisions'; the samples are their own.
        assertThat(listed(null)).extracting(n -> n.path("reviewId").asText()).contains(decisionReview).doesNotContain(confirmed, overturned);
        List<JsonNode> samples = listed("SAMPLE");
        assertThat(samples).extracting(n -> n.path("reviewId").asText()).contains(confirmed, overturned).doesNotContain(decisionReview);
        JsonNode one = samples.stream().filter(n -> n.path("reviewId").asText().equals(confirmed)).findFirst().orElseThrow();
        assertThat(one.path("kind").asText()).isEqualTo("SAMPLE");
        assertThat(one.path("sampledOutcome").asText()).isEqualTo("ALLOW_WITH_REDACTION");
        assertThat(one.path("jobId").asText()).isEqualTo(confirmedJob);
        assertThat(one.has("taskToken")).isFalse();
        // Offering the same job again makes no second item.
        var jobTable = stack.context.getBean(dev.tandem.functions.jobs.JobTable.class);
        stack.context.getBean(dev.tandem.functions.kpis.SampleChecks.class).offer(jobTable.get(confirmedJob), jobTable.get(confirmedJob).kpis(), 1.0);
        assertThat(listed("SAMPLE")).filteredOn(n -> n.path("jobId").asText().equals(confirmedJob)).hasSize(1);

        // An unchecked sample is purged after a while (DynamoDB's TTL); a checked one is kept.
        var purge = dev.tandem.contracts.infra.Tables.Reviews.PURGE_AT;
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> raw = db.getItem(b -> b.tableName(stack.tables.get("reviews"))
                .key(Map.of("reviewId", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(confirmed)))).item();
        assertThat(Long.parseLong(raw.get(purge).n())).isEqualTo(Instant.parse(raw.get("createdAt").s())
                .plus(dev.tandem.contracts.infra.Tables.Reviews.SAMPLE_RETENTION).getEpochSecond());

        APIGatewayProxyResponseEvent agree = decide.handleRequest(decision(confirmed, "APPROVE", REVIEWER), null);
        APIGatewayProxyResponseEvent disagree = decide.handleRequest(decision(overturned, "REJECT", REVIEWER), null);
        APIGatewayProxyResponseEvent again = decide.handleRequest(decision(overturned, "APPROVE", REVIEWER), null);

        assertThat(agree.getStatusCode()).as(agree.getBody()).isEqualTo(200);
        assertThat(json(agree).path("status").asText()).isEqualTo("APPROVED");
        assertThat(disagree.getStatusCode()).as(disagree.getBody()).isEqualTo(200);
        assertThat(again.getStatusCode()).isEqualTo(409);
        assertThat(stack.sfnCalls("SendTaskSuccess")).as("no workflow waits for a sample").isEmpty();
        assertThat(db.getItem(b -> b.tableName(stack.tables.get("reviews"))
                .key(Map.of("reviewId", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(confirmed)))).item()).doesNotContainKey(purge);
        assertThat(db.getItem(b -> b.tableName(stack.tables.get("reviews"))
                .key(Map.of("reviewId", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(decisionReview)))).item())
                .as("a decision review never expires by TTL").doesNotContainKey(purge);
        assertThat(jobTable.get(confirmedJob).kpis().sample().verdict()).isEqualTo(dev.tandem.contracts.api.JobKpis.Sample.Verdict.CONFIRMED);
        assertThat(jobTable.get(overturnedJob).kpis().sample().verdict()).isEqualTo(dev.tandem.contracts.api.JobKpis.Sample.Verdict.OVERTURNED);
        assertThat(jobTable.get(overturnedJob).status()).as("the job is not changed").isEqualTo(dev.tandem.contracts.api.JobStatus.COMPLETED);
        assertThat(jobTable.get(overturnedJob).decision().outcome()).isEqualTo(dev.tandem.contracts.pipeline.Outcome.ALLOW_WITH_REDACTION);
        // The KPI table holds the labels the pipeline's overturn rate counts.
        List<dev.tandem.contracts.api.JobKpis> measured = stack.context.getBean(dev.tandem.functions.kpis.KpiTable.class)
                .between(dev.tandem.contracts.pipeline.spi.ExamplePipeline.NAME, Instant.now().minusSeconds(60), Instant.now().plusSeconds(60), 100);
        assertThat(measured).filteredOn(k -> k.sample() != null).extracting(k -> k.sample().verdict())
                .contains(dev.tandem.contracts.api.JobKpis.Sample.Verdict.CONFIRMED, dev.tandem.contracts.api.JobKpis.Sample.Verdict.OVERTURNED);
    }

    @Test
    void aJobThatWasReviewedOrEndedUndecided_isNotSampled_andTheSampleFollowsFromTheJobIdAlone() {
        var checks = stack.context.getBean(dev.tandem.functions.kpis.SampleChecks.class);
        // The same ids are sampled however often they are asked about; about the rate's share of ids are.
        int hits = 0;
        for (int i = 0; i < 2_000; i++) {
            String id = UUID.nameUUIDFromBytes(("job-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
            boolean first = dev.tandem.functions.kpis.SampleChecks.sampled(id, 0.1);
            assertThat(dev.tandem.functions.kpis.SampleChecks.sampled(id, 0.1)).isEqualTo(first);
            hits += first ? 1 : 0;
        }
        assertThat(hits).isBetween(150, 250);
        assertThat(dev.tandem.functions.kpis.SampleChecks.sampled("any", 0)).isFalse();
        assertThat(dev.tandem.functions.kpis.SampleChecks.sampled("any", 1)).isTrue();

        String jobId = measuredJob(0.0001);
        var jobTable = stack.context.getBean(dev.tandem.functions.jobs.JobTable.class);
        var job = jobTable.get(jobId);
        var reviewed = job.kpis();
        reviewed = new dev.tandem.contracts.api.JobKpis(reviewed.endedAt(), reviewed.outcome(), reviewed.timeToValueMs(), reviewed.stateTransitions(),
                reviewed.steps(), new dev.tandem.contracts.api.JobKpis.Review(dev.tandem.contracts.api.JobKpis.Review.Verdict.APPROVED, 10),
                reviewed.claimCheckBytes(), reviewed.costUsd(), reviewed.costParts(), reviewed.pricing(), reviewed.policyBundle(), null, null);
        assertThat(checks.offer(job, reviewed, 1.0)).as("a human reviewed it already").isFalse();
        var failed = new dev.tandem.contracts.api.JobKpis(reviewed.endedAt(), dev.tandem.contracts.api.JobStatus.FAILED, 1, 1, Map.of(), null, 0, 0,
                Map.of(), reviewed.pricing(), null, null, null);
        assertThat(checks.offer(job, failed, 1.0)).as("no decision to check").isFalse();
    }

    @Test
    void anUnknownKind_is400() {
        APIGatewayProxyRequestEvent event = Events.withClaims(Events.load("health.json"), REVIEWER, "reviewer");
        event.setQueryStringParameters(Map.of("status", "PENDING", "kind", "AUDIT"));
        APIGatewayProxyResponseEvent response = list.handleRequest(event, null);
        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(response.getBody()).contains("kind must be one of DECISION");
    }
}
