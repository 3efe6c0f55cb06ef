package dev.tandem.functions.jobs;

import dev.tandem.contracts.pipeline.WorkflowError;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.aws.audit.AuditLog;
import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.audit.AuditEvent;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.PayloadRef;
import dev.tandem.contracts.pipeline.spi.ExamplePipeline;
import dev.tandem.functions.support.ApiStack;
import dev.tandem.testsupport.AwsEndpoints;
import dev.tandem.testsupport.AwsEngines;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code POST /v1/jobs/{jobId}/cancel}: who may, what it stops, what it writes, and what it never half-writes. */
@AwsEngines
class CancelJobIT {

    private static final String ALICE = "8f1c2d3e-aaaa-4bbb-8ccc-111111111111";
    private static final String BOB = "8f1c2d3e-bbbb-4bbb-8ccc-222222222222";

    private static ApiStack stack;
    private static CancelJobHandler cancel;
    private static JobTable jobs;
    private static AuditLog audit;

    @BeforeAll
    static void start(AwsEndpoints endpoints, DynamoDbClient dynamoDb, S3Client s3) {
        stack = ApiStack.start(endpoints, dynamoDb, s3);
        cancel = new CancelJobHandler(stack.context);
        jobs = stack.context.getBean(JobTable.class);
        audit = stack.context.getBean(AuditLog.class);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @BeforeEach
    void resetFakes() {
        stack.resetFakes();
        stack.stubSfn("StopExecution", 200, "{\"stopDate\":1.7952E9}");
    }

    private static String job(JobStatus status) {
        String jobId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        jobs.create(new JobRecord(jobId, ExamplePipeline.NAME, ALICE, Map.of(), status, now, now,
                new PayloadRef("doc.txt", "s3://b/jobs/" + jobId + "/raw.txt", "0".repeat(64), 10), "doc.txt", Map.of(), "c-" + jobId,
                List.of(), null, null, null));
        return jobId;
    }

    private static APIGatewayProxyResponseEvent cancelAs(String sub, String groups, String jobId) {
        APIGatewayProxyRequestEvent event = ApiStack.getEvent("get-job.json", sub, groups, Map.of("jobId", jobId));
        event.setHttpMethod("POST");
        event.setPath("/v1/jobs/" + jobId + "/cancel");
        event.setResource("/v1/jobs/{jobId}/cancel");
        return cancel.handleRequest(event, null);
    }

    private static List<String> auditTypes(String jobId) {
        return audit.events(jobId).stream().map(AuditEvent::type).toList();
    }

    @Test
    void owner_cancelsAJobInProgress_theExecutionStops_theJobEndsCancelled_auditedAndAnnounced() {
        String jobId = job(JobStatus.AWAITING_REVIEW);

        APIGatewayProxyResponseEvent response = cancelAs(ALICE, "submitter", jobId);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        JsonNode view = Json.read(response.getBody(), JsonNode.class);
        assertThat(view.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(view.at("/error/code").asText()).isEqualTo(WorkflowError.CANCELLED.code());
        assertThat(jobs.get(jobId).status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(stack.sfnCalls("StopExecution")).singleElement().satisfies(call -> {
            JsonNode body = Json.read(call.getBodyAsString(), JsonNode.class);
            assertThat(body.path("executionArn").asText())
                    .isEqualTo("arn:aws:states:us-east-1:123456789012:execution:" + ExamplePipeline.NAME + ":" + jobId);
            assertThat(body.path("error").asText()).isEqualTo(WorkflowError.CANCELLED.code());
        });
        assertThat(auditTypes(jobId)).containsExactly("JOB_CANCELLED");
        assertThat(audit.events(jobId).getFirst().actor()).isEqualTo("user:" + ALICE);
        assertThat(audit.trail(jobId).verification().valid()).isTrue();
        assertThat(stack.events()).singleElement().satisfies(e -> assertThat(e.getBodyAsString()).contains(jobId).contains("CANCELLED"));

        // Again: the same answer, nothing stopped or written twice.
        assertThat(cancelAs(ALICE, "submitter", jobId).getStatusCode()).isEqualTo(200);
        assertThat(stack.sfnCalls("StopExecution")).hasSize(1);
        assertThat(auditTypes(jobId)).containsExactly("JOB_CANCELLED");
    }

    @Test
    void operator_mayCancelAnyJob() {
        String jobId = job(JobStatus.RUNNING);
        assertThat(cancelAs(BOB, "operator", jobId).getStatusCode()).isEqualTo(200);
        assertThat(jobs.get(jobId).status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void anotherSubmitter_getsA404_andAnAuditorWhoDoesNotOwnIt_a403_andNothingChanges() {
        String jobId = job(JobStatus.RUNNING);
        assertThat(cancelAs(BOB, "submitter", jobId).getStatusCode()).isEqualTo(404);
        assertThat(cancelAs(BOB, "auditor", jobId).getStatusCode()).isEqualTo(403);
        assertThat(cancelAs(BOB, "reviewer", jobId).getStatusCode()).isEqualTo(403);
        assertThat(jobs.get(jobId).status()).isEqualTo(JobStatus.RUNNING);
        assertThat(stack.sfnCalls("StopExecution")).isEmpty();
        assertThat(auditTypes(jobId)).isEmpty();
    }

    @Test
    void aJobThatEnded_isA409_andNothingIsStoppedOrWritten() {
        String jobId = job(JobStatus.COMPLETED);
        APIGatewayProxyResponseEvent response = cancelAs(ALICE, "submitter", jobId);
        assertThat(response.getStatusCode()).isEqualTo(409);
        assertThat(response.getBody()).contains("already ended COMPLETED");
        assertThat(jobs.get(jobId).status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(stack.sfnCalls("StopExecution")).isEmpty();
        assertThat(auditTypes(jobId)).isEmpty();
    }

    @Test
    void whenStepFunctionsCannotStopTheExecution_theJobIsLeftAsItWas() {
        String jobId = job(JobStatus.RUNNING);
        stack.aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(ApiStack.SFN_TARGET + "StopExecution"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.0")
                        .withBody("{\"__type\":\"AccessDeniedException\",\"message\":\"not allowed\"}")));
        APIGatewayProxyResponseEvent response = cancelAs(ALICE, "submitter", jobId);
        assertThat(response.getStatusCode()).isGreaterThanOrEqualTo(500);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        assertThat(jobs.get(jobId).status()).isEqualTo(JobStatus.RUNNING);
        assertThat(auditTypes(jobId)).isEmpty();
    }

    @Test
    void aPendingReview_leavesTheQueue_whenItsJobIsCancelled() {
        String jobId = job(JobStatus.AWAITING_REVIEW);
        dev.tandem.functions.reviews.ReviewTable reviews = stack.context.getBean(dev.tandem.functions.reviews.ReviewTable.class);
        String reviewId = dev.tandem.functions.reviews.ReviewTable.reviewIdOf(jobId);
        reviews.create(new dev.tandem.functions.reviews.ReviewRecord(new dev.tandem.contracts.api.ReviewItem(reviewId, jobId,
                dev.tandem.contracts.api.ReviewItem.Status.PENDING, Map.of(), null, null, Instant.now(), Instant.now().plusSeconds(3600), null),
                "token-" + jobId));
        assertThat(cancelAs(ALICE, "submitter", jobId).getStatusCode()).isEqualTo(200);
        assertThat(reviews.get(reviewId).item().status()).isEqualTo(dev.tandem.contracts.api.ReviewItem.Status.EXPIRED);
        assertThat(audit.events(jobId).getLast().details()).containsEntry("pendingReviewExpired", "true");
    }
}
