package dev.tandem.functions.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.aws.audit.AuditLog;
import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.api.JobView;
import dev.tandem.contracts.audit.AuditEvent;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.PayloadRef;
import dev.tandem.contracts.pipeline.WorkflowError;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code POST /v1/jobs/{jobId}/redrive}: who may, which jobs, what it asks Step Functions, and what it never half-writes. */
@AwsEngines
class RedriveJobIT {

    private static final String ALICE = "8f1c2d3e-aaaa-4bbb-8ccc-111111111111";
    private static final String OPS = "8f1c2d3e-cccc-4bbb-8ccc-333333333333";
    private static final JobView.JobError FAULT = new JobView.JobError("dev.tandem.SomeStepException", "the model endpoint was down", "Assess");

    private static ApiStack stack;
    private static RedriveJobHandler redrive;
    private static JobTable jobs;
    private static AuditLog audit;

    @BeforeAll
    static void start(AwsEndpoints endpoints, DynamoDbClient dynamoDb, S3Client s3) {
        stack = ApiStack.start(endpoints, dynamoDb, s3);
        redrive = new RedriveJobHandler(stack.context);
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
        stack.stubSfn("RedriveExecution", 200, "{\"redriveDate\":1.7952E9}");
    }

    private static String job(JobStatus status, JobView.JobError error) {
        String jobId = UUID.randomUUID().toString();
        Instant created = Instant.now().minusSeconds(60);
        jobs.create(new JobRecord(jobId, ExamplePipeline.NAME, ALICE, Map.of(), status, created, created.plusSeconds(5),
                new PayloadRef("doc.txt", "s3://b/jobs/" + jobId + "/raw.txt", "0".repeat(64), 10), "doc.txt", Map.of(), "c-" + jobId,
                List.of(), null, null, error));
        return jobId;
    }

    private static APIGatewayProxyResponseEvent redriveAs(String sub, String groups, String jobId) {
        APIGatewayProxyRequestEvent event = ApiStack.getEvent("get-job.json", sub, groups, Map.of("jobId", jobId));
        event.setHttpMethod("POST");
        event.setPath("/v1/jobs/" + jobId + "/redrive");
        event.setResource("/v1/jobs/{jobId}/redrive");
        return redrive.handleRequest(event, null);
    }

    private static List<String> auditTypes(String jobId) {
        return audit.events(jobId).stream().map(AuditEvent::type).toList();
    }

    @Test
    void operator_redrivesAFailedJob_itsExecutionResumes_theJobRunsAgain_audited() {
        String jobId = job(JobStatus.FAILED, FAULT);
        Instant before = jobs.get(jobId).updatedAt();

        APIGatewayProxyResponseEvent response = redriveAs(OPS, "operator", jobId);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
        JsonNode view = Json.read(response.getBody(), JsonNode.class);
        assertThat(view.path("status").asText()).isEqualTo("RUNNING");
        assertThat(view.has("error")).as("the failure it recovers from is in the audit trail, not on the running job").isFalse();
        assertThat(jobs.get(jobId).updatedAt()).isAfter(before);
        assertThat(stack.sfnCalls("RedriveExecution")).singleElement().satisfies(call -> {
            JsonNode body = Json.read(call.getBodyAsString(), JsonNode.class);
            assertThat(body.path("executionArn").asText())
                    .isEqualTo("arn:aws:states:us-east-1:123456789012:execution:" + ExamplePipeline.NAME + ":" + jobId);
            assertThat(body.path("clientToken").asText()).startsWith(jobId + ":").hasSizeLessThanOrEqualTo(64);
        });
        assertThat(auditTypes(jobId)).containsExactly("JOB_REDRIVEN");
        AuditEvent event = audit.events(jobId).getFirst();
        assertThat(event.actor()).isEqualTo("user:" + OPS);
        assertThat(event.details()).containsEntry("previousStatus", "FAILED").containsEntry("step", "Assess")
                .containsEntry("error", FAULT.code());
        assertThat(audit.trail(jobId).verification().valid()).isTrue();

        // Again: it is running now, so nothing more is redriven or written.
        APIGatewayProxyResponseEvent again = redriveAs(OPS, "operator", jobId);
        assertThat(again.getStatusCode()).isEqualTo(409);
        assertThat(stack.sfnCalls("RedriveExecution")).hasSize(1);
        assertThat(auditTypes(jobId)).containsExactly("JOB_REDRIVEN");
    }

    @Test
    void aHaltedJob_isRedrivenOnlyOnceItsKillSwitchIsOff() {
        String jobId = job(JobStatus.HALTED, new JobView.JobError(WorkflowError.KILL_SWITCH.code(), "pipeline halted", "Govern"));
        JobRecord before = jobs.get(jobId);
        stack.killSwitch(true);
        sleep(300); // past the functions' kill-switch cache (200 ms here)

        APIGatewayProxyResponseEvent halted = redriveAs(OPS, "operator", jobId);

        assertThat(halted.getStatusCode()).isEqualTo(503);
        assertThat(halted.getHeaders()).containsEntry("Content-Type", "application/problem+json").containsKey("Retry-After");
        assertThat(halted.getBody()).contains("kill switch").contains("Nothing was changed");
        assertThat(jobs.get(jobId)).isEqualTo(before);
        assertThat(stack.sfnCalls("RedriveExecution")).isEmpty();
        assertThat(auditTypes(jobId)).isEmpty();

        stack.killSwitch(false);
        await(() -> redriveAs(OPS, "operator", jobId).getStatusCode() == 202);
        assertThat(jobs.get(jobId).status()).isEqualTo(JobStatus.RUNNING);
        assertThat(audit.events(jobId).getFirst().details()).containsEntry("previousStatus", "HALTED");
    }

    @ParameterizedTest
    @EnumSource(value = JobStatus.class, names = {"ACCEPTED", "RUNNING", "AWAITING_REVIEW", "COMPLETED", "REJECTED", "CANCELLED"})
    void aJobThatDidNotFail_isA409_andNothingChanges(JobStatus status) {
        String jobId = job(status, null);
        JobRecord before = jobs.get(jobId);

        APIGatewayProxyResponseEvent response = redriveAs(OPS, "operator", jobId);

        assertThat(response.getStatusCode()).isEqualTo(409);
        assertThat(response.getBody()).contains("only a FAILED or HALTED job can be redriven").contains(status.name());
        assertThat(jobs.get(jobId)).isEqualTo(before);
        assertThat(stack.sfnCalls("RedriveExecution")).isEmpty();
        assertThat(auditTypes(jobId)).isEmpty();
    }

    @Test
    void whenStepFunctionsRefuses_theJobIsLeftExactlyAsItWas_andTheReasonIsTold() {
        String jobId = job(JobStatus.FAILED, FAULT);
        JobRecord before = jobs.get(jobId);
        stack.stubSfn("RedriveExecution", 400, "{\"__type\":\"ExecutionNotRedrivable\",\"message\":\"Execution redrivable period exceeded.\"}");

        APIGatewayProxyResponseEvent response = redriveAs(OPS, "operator", jobId);

        assertThat(response.getStatusCode()).isEqualTo(409);
        assertThat(response.getBody()).contains("Execution redrivable period exceeded").contains("left FAILED");
        assertThat(jobs.get(jobId)).isEqualTo(before);
        assertThat(auditTypes(jobId)).isEmpty();
    }

    @Test
    void onlyOperators_mayRedrive_evenTheJobsOwnerMayNot_andAnUnknownJobIsA404() {
        String jobId = job(JobStatus.FAILED, FAULT);
        JobRecord before = jobs.get(jobId);

        assertThat(redriveAs(ALICE, "submitter", jobId).getStatusCode()).isEqualTo(403);
        assertThat(redriveAs(ALICE, "auditor", jobId).getStatusCode()).isEqualTo(403);
        assertThat(redriveAs(OPS, "operator", UUID.randomUUID().toString()).getStatusCode()).isEqualTo(404);
        assertThat(redriveAs(OPS, "operator", "not-a-job-id").getStatusCode()).isEqualTo(400);

        assertThat(jobs.get(jobId)).isEqualTo(before);
        assertThat(stack.sfnCalls("RedriveExecution")).isEmpty();
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
            sleep(100);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
