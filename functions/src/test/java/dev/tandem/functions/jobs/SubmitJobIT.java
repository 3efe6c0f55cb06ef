package dev.tandem.functions.jobs;

import dev.tandem.contracts.pipeline.spi.ExamplePipeline;

import static dev.tandem.functions.support.ApiStack.getEvent;
import static dev.tandem.functions.support.ApiStack.submitEvent;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.Digests;
import dev.tandem.contracts.json.Json;
import dev.tandem.functions.support.ApiStack;
import dev.tandem.testsupport.AwsEndpoints;
import dev.tandem.testsupport.AwsEngines;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

@AwsEngines
class SubmitJobIT {

    private static final String ALICE = "8f1c2d3e-aaaa-4bbb-8ccc-111111111111";
    private static final String BOB = "8f1c2d3e-bbbb-4bbb-8ccc-222222222222";
    private static final String TEXT = "Customer: Maria Gonzalez\nEmail: maria.gonzalez@example.org\n";
    private static final String BODY = Json.write(Map.of("pipeline", ExamplePipeline.NAME, "purpose", "support-kb",
            "document", Map.of("text", TEXT)));

    private static ApiStack stack;
    private static SubmitJobHandler submit;
    private static GetJobHandler getJob;

    @BeforeAll
    static void start(AwsEndpoints endpoints, DynamoDbClient dynamoDb, S3Client s3) {
        stack = ApiStack.start(endpoints, dynamoDb, s3);
        submit = new SubmitJobHandler(stack.context);
        getJob = new GetJobHandler(stack.context);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @BeforeEach
    void resetFakes() {
        stack.resetFakes();
    }

    private static JsonNode json(APIGatewayProxyResponseEvent response) {
        return Json.read(response.getBody(), JsonNode.class);
    }

    private static APIGatewayProxyResponseEvent submitAs(String sub, String body, String key) {
        return submit.handleRequest(submitEvent(sub, "submitter", body, key), null);
    }

    @Test
    void submit_storesClaimCheckAndJob_andStartsTheExecutionNamedAfterTheJob() {
        APIGatewayProxyResponseEvent response = submitAs(ALICE, BODY, null);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(202);
        String jobId = json(response).get("jobId").asText();
        assertThat(response.getHeaders()).containsEntry("Location", "/v1/jobs/" + jobId);
        assertThat(json(response).at("/links/audit").asText()).isEqualTo("/v1/jobs/" + jobId + "/audit");

        byte[] stored = stack.s3.getObjectAsBytes(b -> b.bucket(stack.bucket).key("jobs/" + jobId + "/raw.txt")).asByteArray();
        assertThat(new String(stored, StandardCharsets.UTF_8)).isEqualTo(TEXT);

        JobRecord job = stack.context.getBean(JobTable.class).get(jobId);
        assertThat(job.owner()).isEqualTo(ALICE);
        assertThat(job.payload().sha256()).isEqualTo(Digests.sha256Hex(TEXT.getBytes(StandardCharsets.UTF_8)));
        assertThat(job.payload().uri()).isEqualTo("s3://" + stack.bucket + "/jobs/" + jobId + "/raw.txt");
        assertThat(job.correlationId()).isEqualTo("ticket-48213");

        List<com.github.tomakehurst.wiremock.verification.LoggedRequest> starts = stack.sfnCalls("StartExecution");
        assertThat(starts).hasSize(1);
        JsonNode start = Json.read(starts.getFirst().getBodyAsString(), JsonNode.class);
        assertThat(start.get("name").asText()).isEqualTo(jobId);
        assertThat(start.get("stateMachineArn").asText()).isEqualTo(ApiStack.STATE_MACHINE_ARN);
        JsonNode input = Json.read(start.get("input").asText(), JsonNode.class);
        assertThat(input.get("jobId").asText()).isEqualTo(jobId);
        assertThat(input.at("/payload/sha256").asText()).isEqualTo(job.payload().sha256());
        assertThat(input.at("/principal/subject").asText()).isEqualTo(ALICE);
        assertThat(input.get("attributes")).as("what the pipeline's input contract kept")
                .isEqualTo(Json.tree(Map.of("dataClassification", "internal", "purpose", "support-kb")));
        assertThat(start.get("input").asText()).as("no document text in execution input").doesNotContain("maria.gonzalez");
    }

    @Test
    void getJob_ownerAndAuditorSeeIt_otherSubmitterGets404_reviewerGets403() {
        String jobId = json(submitAs(ALICE, BODY, null)).get("jobId").asText();
        Map<String, String> path = Map.of("jobId", jobId);

        APIGatewayProxyResponseEvent own = getJob.handleRequest(getEvent("get-job.json", ALICE, "submitter", path), null);
        assertThat(own.getStatusCode()).isEqualTo(200);
        assertThat(json(own).get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(json(own).at("/attributes/purpose").asText()).isEqualTo("support-kb");

        assertThat(getJob.handleRequest(getEvent("get-job.json", BOB, "submitter", path), null).getStatusCode()).isEqualTo(404);
        assertThat(getJob.handleRequest(getEvent("get-job.json", BOB, "auditor", path), null).getStatusCode()).isEqualTo(200);
        assertThat(getJob.handleRequest(getEvent("get-job.json", BOB, "operator", path), null).getStatusCode()).isEqualTo(200);
        assertThat(getJob.handleRequest(getEvent("get-job.json", BOB, "reviewer", path), null).getStatusCode()).isEqualTo(403);
        assertThat(getJob.handleRequest(getEvent("get-job.json", ALICE, "submitter",
                Map.of("jobId", UUID.randomUUID().toString())), null).getStatusCode()).isEqualTo(404);
    }

    @Test
    void sameKeyAndBody_returnsTheSame202_andStartsOneExecution() {
        String key = UUID.randomUUID().toString();

        APIGatewayProxyResponseEvent first = submitAs(ALICE, BODY, key);
        APIGatewayProxyResponseEvent second = submitAs(ALICE, BODY, key);

        assertThat(first.getStatusCode()).isEqualTo(202);
        assertThat(second.getStatusCode()).isEqualTo(202);
        assertThat(json(second)).isEqualTo(json(first));
        assertThat(second.getHeaders()).containsEntry("Idempotent-Replayed", "true");
        assertThat(stack.sfnCalls("StartExecution")).hasSize(1);
    }

    @Test
    void sameKeyOtherBody_is409_andWritesNothing() {
        String key = UUID.randomUUID().toString();
        submitAs(ALICE, BODY, key);
        int jobs = stack.itemCount("jobs");
        int objects = stack.objectCount();

        APIGatewayProxyResponseEvent response = submitAs(ALICE, BODY.replace("support-kb", "analytics"), key);

        assertThat(response.getStatusCode()).isEqualTo(409);
        assertThat(json(response).get("type").asText()).endsWith("/idempotency-key-reused");
        assertThat(stack.itemCount("jobs")).isEqualTo(jobs);
        assertThat(stack.objectCount()).isEqualTo(objects);
        assertThat(stack.sfnCalls("StartExecution")).hasSize(1);
    }

    @Test
    void sameKeyFromAnotherCaller_isAnIndependentSubmission() {
        String key = UUID.randomUUID().toString();

        String a = json(submitAs(ALICE, BODY, key)).get("jobId").asText();
        String b = json(submitAs(BOB, BODY, key)).get("jobId").asText();

        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void concurrentRequestsWithOneKey_createExactlyOneJob() throws Exception {
        String key = UUID.randomUUID().toString();
        int jobsBefore = stack.itemCount("jobs");
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<APIGatewayProxyResponseEvent>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Callable<APIGatewayProxyResponseEvent> call = () -> {
                go.await();
                return submitAs(ALICE, BODY, key);
            };
            futures.add(pool.submit(call));
        }
        go.countDown();
        Set<String> jobIds = new HashSet<>();
        int accepted = 0;
        for (Future<APIGatewayProxyResponseEvent> f : futures) {
            APIGatewayProxyResponseEvent r = f.get();
            assertThat(r.getStatusCode()).as(r.getBody()).isIn(202, 409);
            if (r.getStatusCode() == 202) {
                accepted++;
                jobIds.add(json(r).get("jobId").asText());
            } else {
                assertThat(json(r).get("type").asText()).endsWith("/idempotency-in-flight");
                assertThat(r.getHeaders()).containsKey("Retry-After");
            }
        }
        pool.shutdown();

        assertThat(accepted).isPositive();
        assertThat(jobIds).hasSize(1);
        assertThat(stack.itemCount("jobs")).isEqualTo(jobsBefore + 1);
        assertThat(stack.sfnCalls("StartExecution")).hasSize(1);
    }

    @Test
    void killSwitchOn_is503WithRetryAfter_andWritesNothing() throws InterruptedException {
        stack.killSwitch(true);
        Thread.sleep(300); // past the configured cache TTL
        int jobs = stack.itemCount("jobs");
        int keys = stack.itemCount("idempotency");
        int objects = stack.objectCount();

        APIGatewayProxyResponseEvent response = submitAs(ALICE, BODY, UUID.randomUUID().toString());

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getHeaders()).containsEntry("Retry-After", "30");
        assertThat(json(response).get("type").asText()).endsWith("/pipeline-halted");
        assertThat(stack.itemCount("jobs")).isEqualTo(jobs);
        assertThat(stack.itemCount("idempotency")).isEqualTo(keys);
        assertThat(stack.objectCount()).isEqualTo(objects);
        assertThat(stack.sfnCalls("StartExecution")).isEmpty();

        stack.killSwitch(false);
        Thread.sleep(300);
        assertThat(submitAs(ALICE, BODY, null).getStatusCode()).isEqualTo(202);
    }

    static List<Arguments> badInput() {
        return List.of(
                Arguments.of("malformed JSON", "{\"purpose\":", "application/json", "submitter", 400),
                Arguments.of("schema violation", "{\"purpose\":\"marketing\",\"document\":{\"text\":\"x\"}}", "application/json", "submitter", 400),
                Arguments.of("a pipeline not deployed here", "{\"pipeline\":\"no-such-pipeline\",\"purpose\":\"support-kb\",\"document\":{\"text\":\"x\"}}",
                        "application/json", "submitter", 400),
                Arguments.of("oversize", "{\"purpose\":\"support-kb\",\"document\":{\"text\":\"" + "a".repeat(1_200_000) + "\"}}",
                        "application/json", "submitter", 413),
                Arguments.of("wrong content type", BODY, "text/plain", "submitter", 415),
                Arguments.of("wrong role", BODY, "application/json", "auditor", 403),
                Arguments.of("no identity", BODY, "application/json", null, 401));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void badInput_getsAProblem_andLeavesNoJobObjectKeyOrExecution(String label, String body, String contentType, String groups, int status) {
        int jobs = stack.itemCount("jobs");
        int keys = stack.itemCount("idempotency");
        int objects = stack.objectCount();
        APIGatewayProxyRequestEvent event = submitEvent(groups == null ? null : ALICE, groups, body, UUID.randomUUID().toString());
        dev.tandem.functions.support.Events.withHeader(event, "Content-Type", contentType);

        APIGatewayProxyResponseEvent response = submit.handleRequest(event, null);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        assertThat(stack.itemCount("jobs")).isEqualTo(jobs);
        assertThat(stack.itemCount("idempotency")).isEqualTo(keys);
        assertThat(stack.objectCount()).isEqualTo(objects);
        assertThat(stack.sfnCalls("StartExecution")).isEmpty();
    }

    @Test
    void aJobThatNamesNoPipeline_runsTheDefaultOne() {
        APIGatewayProxyResponseEvent response = submitAs(ALICE, "{\"purpose\":\"support-kb\",\"document\":{\"text\":\"x\"}}", null);

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(stack.context.getBean(JobTable.class).get(json(response).get("jobId").asText()).pipeline()).isEqualTo(ExamplePipeline.NAME);
    }

    @Test
    void aPipelineNotDeployedHere_isNamedInTheProblem_withTheDeployedOnes() {
        APIGatewayProxyResponseEvent response = submitAs(ALICE,
                "{\"pipeline\":\"no-such-pipeline\",\"purpose\":\"support-kb\",\"document\":{\"text\":\"x\"}}", null);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(json(response).get("type").asText()).endsWith("/validation");
        assertThat(json(response).get("detail").asText()).contains("No pipeline no-such-pipeline is deployed here")
                .contains(ExamplePipeline.NAME);
        assertThat(json(response).at("/errors/0/pointer").asText()).isEqualTo("/pipeline");
    }

    @Test
    void executionThatCannotStart_leavesNothingBehind_andTheRetrySucceeds() {
        stack.stubSfn("StartExecution", 400, "{\"__type\":\"StateMachineDoesNotExist\",\"message\":\"State Machine Does Not Exist\"}");
        String key = UUID.randomUUID().toString();
        int jobs = stack.itemCount("jobs");
        int objects = stack.objectCount();

        APIGatewayProxyResponseEvent failed = submitAs(ALICE, BODY, key);

        assertThat(failed.getStatusCode()).isEqualTo(500);
        assertThat(json(failed).get("detail").asText()).contains("safe to retry");
        assertThat(stack.itemCount("jobs")).isEqualTo(jobs);
        assertThat(stack.objectCount()).isEqualTo(objects);

        stack.resetFakes();
        APIGatewayProxyResponseEvent retried = submitAs(ALICE, BODY, key);
        assertThat(retried.getStatusCode()).isEqualTo(202);
        assertThat(stack.itemCount("jobs")).isEqualTo(jobs + 1);
    }

    @Test
    void logs_carryTheJobIdButNeverDocumentTextHeadersOrTokens() {
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.apache.logging.log4j.core.LoggerContext logs = (org.apache.logging.log4j.core.LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
        org.apache.logging.log4j.core.appender.AbstractAppender capture = new org.apache.logging.log4j.core.appender.AbstractAppender(
                "capture", null, null, true, org.apache.logging.log4j.core.config.Property.EMPTY_ARRAY) {
            @Override
            public void append(org.apache.logging.log4j.core.LogEvent event) {
                lines.add(event.getMessage().getFormattedMessage() + " " + event.getContextData().toMap());
            }
        };
        capture.start();
        logs.getConfiguration().getRootLogger().addAppender(capture, org.apache.logging.log4j.Level.ALL, null);
        logs.getConfiguration().getLoggerConfig("dev.tandem").addAppender(capture, org.apache.logging.log4j.Level.ALL, null);
        try {
            String jobId = json(submitAs(ALICE, BODY, UUID.randomUUID().toString())).get("jobId").asText();
            submitAs(ALICE, "{\"purpose\":\"nope\",\"document\":{\"text\":\"secret 4111 1111 1111 1111\"}}", null);

            assertThat(lines).anySatisfy(l -> assertThat(l).contains("job accepted").contains(jobId));
            assertThat(lines).allSatisfy(l -> assertThat(l)
                    .doesNotContain("maria.gonzalez").doesNotContain("4111").doesNotContain("eyJraWQi").doesNotContain("Bearer"));
        } finally {
            logs.getConfiguration().getRootLogger().removeAppender("capture");
            logs.getConfiguration().getLoggerConfig("dev.tandem").removeAppender("capture");
        }
    }

    @Test
    void snapStartPriming_againstRealEngines_primesJsonAndTheDynamoDbClient() {
        assertThat(stack.context.getBean(dev.tandem.functions.config.SnapStartPriming.class).prime()).isEqualTo(2);
    }

    @Test
    void executionAlreadyStartedByAnEarlierAttempt_countsAsStarted() {
        stack.stubSfn("StartExecution", 400, "{\"__type\":\"ExecutionAlreadyExists\",\"message\":\"Execution Already Exists\"}");

        assertThat(submitAs(ALICE, BODY, null).getStatusCode()).isEqualTo(202);
    }
}
