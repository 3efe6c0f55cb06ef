package dev.tandem.functions.http;

import static dev.tandem.functions.support.Events.load;
import static dev.tandem.functions.support.Events.withClaims;
import static dev.tandem.functions.support.Events.withHeader;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.api.ApiRoutes;
import dev.tandem.contracts.api.Limits;
import dev.tandem.contracts.json.Json;
import dev.tandem.functions.health.HealthHandler;
import dev.tandem.functions.jobs.GetJobHandler;
import dev.tandem.functions.jobs.SubmitJobHandler;
import dev.tandem.functions.reviews.DecideReviewHandler;
import io.micronaut.context.ApplicationContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Handler tests on realistic API Gateway events, for every refusal the API makes before it touches
 * AWS. The SDK clients point at a closed port: a request that reached AWS would fail with a 500, so
 * these tests also prove that refused requests write nothing.
 */
class ApiHandlersTest {

    private static ApplicationContext context;
    private static SubmitJobHandler submit;
    private static GetJobHandler getJob;
    private static DecideReviewHandler decide;
    private static HealthHandler health;

    @BeforeAll
    static void start() {
        String nowhere = "http://127.0.0.1:9";
        context = ApplicationContext.builder().properties(Map.ofEntries(
                Map.entry("aws.region", "us-east-1"),
                Map.entry("tandem.table.jobs", "t-jobs"), Map.entry("tandem.table.idempotency", "t-idem"),
                Map.entry("tandem.table.reviews", "t-reviews"), Map.entry("tandem.table.audit", "t-audit"),
                Map.entry("tandem.table.lineage", "t-lineage"), Map.entry("tandem.table.kpis", "t-kpis"), Map.entry("tandem.bucket", "t-bucket"),
                Map.entry("tandem.state-machine-arns", "example=arn:aws:states:us-east-1:123456789012:stateMachine:t"),
                Map.entry("tandem.endpoints.dynamodb", nowhere), Map.entry("tandem.endpoints.s3", nowhere),
                Map.entry("tandem.endpoints.sfn", nowhere), Map.entry("tandem.endpoints.ssm", nowhere),
                Map.entry("tandem.access-key-id", "test"), Map.entry("tandem.secret-access-key", "test"))).start();
        submit = new SubmitJobHandler(context);
        getJob = new GetJobHandler(context);
        decide = new DecideReviewHandler(context);
        health = new HealthHandler(context);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    private static JsonNode problem(APIGatewayProxyResponseEvent response, int status) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        JsonNode body = Json.read(response.getBody(), JsonNode.class);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("type").asText()).startsWith("https://tandem.dev/problems/");
        assertThat(body.get("detail").asText()).isNotBlank();
        return body;
    }

    @Test
    void health_answersWithoutAuthentication() {
        APIGatewayProxyResponseEvent response = health.handleRequest(load("health.json"), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(Json.read(response.getBody(), JsonNode.class).get("status").asText()).isEqualTo("UP");
        assertThat(response.getHeaders()).containsEntry("Cache-Control", "no-store");
    }

    @Test
    void submit_withoutIdentity_is401WithBearerChallenge() {
        APIGatewayProxyResponseEvent response = submit.handleRequest(withClaims(load("submit-job.json"), null, null), null);

        assertThat(problem(response, 401).get("type").asText()).endsWith("/unauthenticated");
        assertThat(response.getHeaders()).containsEntry("WWW-Authenticate", "Bearer");
    }

    @Test
    void submit_asReviewerOnly_is403AndNamesTheRole() {
        JsonNode body = problem(submit.handleRequest(withClaims(load("submit-job.json"), "u-1", "reviewer"), null), 403);

        assertThat(body.get("detail").asText()).contains("submitter");
    }

    @Test
    void submit_withWrongContentType_is415() {
        JsonNode body = problem(submit.handleRequest(withHeader(load("submit-job.json"), "Content-Type", "text/plain"), null), 415);

        assertThat(body.get("detail").asText()).contains("application/json").contains("text/plain");
    }

    @Test
    void submit_withoutContentType_is415() {
        problem(submit.handleRequest(withHeader(load("submit-job.json"), "Content-Type", null), null), 415);
    }

    @Test
    void submit_inACharsetOtherThanUtf8_is415_andUtf8IsAccepted() {
        JsonNode body = problem(submit.handleRequest(withHeader(load("submit-job.json"), "Content-Type",
                "application/json; charset=iso-8859-1"), null), 415);
        assertThat(body.get("detail").asText()).contains("not charset=iso-8859-1");
        assertThat(submit.handleRequest(withHeader(load("submit-job.json"), "Content-Type", "application/json; charset=UTF-8"), null)
                .getStatusCode()).as("UTF-8 named explicitly passes the media type checks").isNotEqualTo(415);
    }

    @Test
    void submit_compressed_is415() {
        JsonNode body = problem(submit.handleRequest(withHeader(load("submit-job.json"), "Content-Encoding", "gzip"), null), 415);
        assertThat(body.get("detail").asText()).startsWith("Content-Encoding gzip is not supported; send the body uncompressed");
    }

    @Test
    void submit_withBytesThatAreNotUtf8_is400SayingWhere() {
        APIGatewayProxyRequestEvent event = load("submit-job.json");
        byte[] bytes = "{\"purpose\":\"support-kb\",\"document\":{\"text\":\"x\u0000\"}}".getBytes(StandardCharsets.UTF_8);
        bytes[bytes.length - 4] = (byte) 0xFF;
        event.setBody(Base64.getEncoder().encodeToString(bytes));
        event.setIsBase64Encoded(true);

        JsonNode body = problem(submit.handleRequest(event, null), 400);

        assertThat(body.get("type").asText()).endsWith("/malformed-json");
        assertThat(body.get("detail").asText()).contains("not valid UTF-8: the byte 0xFF at offset " + (bytes.length - 4));
    }

    @Test
    void submit_withBodyOverTheLimit_is413() {
        APIGatewayProxyRequestEvent event = load("submit-job.json");
        event.setBody("{\"purpose\":\"support-kb\",\"document\":{\"text\":\"" + "a".repeat(Limits.MAX_REQUEST_BODY_BYTES) + "\"}}");

        JsonNode body = problem(submit.handleRequest(event, null), 413);

        assertThat(body.get("type").asText()).endsWith("/payload-too-large");
    }

    @Test
    void submit_withMalformedJson_is400WithPosition() {
        APIGatewayProxyRequestEvent event = load("submit-job.json");
        event.setBody("{\"purpose\": \"support-kb\",\n \"document\": {\"text\": }}");

        JsonNode body = problem(submit.handleRequest(event, null), 400);

        assertThat(body.get("type").asText()).endsWith("/malformed-json");
        assertThat(body.get("detail").asText()).contains("line 2, column");
        assertThat(body.get("instance").asText()).isEqualTo("/v1/jobs");
    }

    @Test
    void submit_withSchemaViolations_is400WithPointers() {
        APIGatewayProxyRequestEvent event = load("submit-job.json");
        event.setBody("{\"purpose\":\"marketing\",\"document\":{\"text\":\"x\",\"dataClassification\":\"secret\"}}");

        JsonNode body = problem(submit.handleRequest(event, null), 400);

        assertThat(body.get("type").asText()).endsWith("/validation");
        assertThat(body.at("/errors/0/pointer").asText()).isEqualTo("/document/dataClassification");
        assertThat(body.at("/errors/1/pointer").asText()).isEqualTo("/purpose");
        assertThat(body.at("/errors/1/message").asText()).contains("support-kb, analytics, model-training");
    }

    @Test
    void submit_withBase64Body_isDecodedBeforeValidation() {
        APIGatewayProxyRequestEvent event = load("submit-job.json");
        event.setBody(Base64.getEncoder().encodeToString("{\"purpose\":1}".getBytes(StandardCharsets.UTF_8)));
        event.setIsBase64Encoded(true);

        JsonNode body = problem(submit.handleRequest(event, null), 400);

        assertThat(body.get("type").asText()).endsWith("/validation");
    }

    @Test
    void submit_withUnusableIdempotencyKey_is400() {
        JsonNode body = problem(submit.handleRequest(withHeader(load("submit-job.json"), "Idempotency-Key", "has spaces"), null), 400);

        assertThat(body.at("/errors/0/pointer").asText()).isEqualTo("/headers/Idempotency-Key");
    }

    @Test
    void getJob_withMalformedId_is400BeforeAnyLookup() {
        APIGatewayProxyRequestEvent event = load("get-job.json");
        event.setPathParameters(Map.of("jobId", "../../etc/passwd"));

        JsonNode body = problem(getJob.handleRequest(event, null), 400);

        assertThat(body.get("type").asText()).endsWith("/invalid-parameter");
        assertThat(body.at("/errors/0/pointer").asText()).isEqualTo("/pathParameters/jobId");
    }

    @Test
    void everyRoute_refusesAQueryParameterItDoesNotTake_namingItAndTheOnesItTakes() {
        for (ApiRoutes.Route route : ApiRoutes.ALL) {
            APIGatewayProxyRequestEvent event = load("get-job.json");
            event.setQueryStringParameters(Map.of("limit", "-1"));
            if (route.query().contains("limit")) {
                continue; // the route's own checks judge its value (FindLineage: 1 to 100)
            }
            ApiException refused = org.assertj.core.api.Assertions.catchThrowableOfType(ApiException.class,
                    () -> ApiBoundary.requireKnownQueryParameters(route.function().logicalName(), ApiBoundary.toRequest(event)));
            assertThat(refused).as(route.method() + " " + route.path()).isNotNull();
            assertThat(refused.problem().errors().getFirst().pointer()).isEqualTo("/queryStringParameters/limit");
            assertThat(refused.problem().detail()).startsWith("limit is not a parameter of " + route.method() + " " + route.resource());
        }
        APIGatewayProxyRequestEvent event = load("get-job.json");
        event.setQueryStringParameters(Map.of("next", "garbage"));
        JsonNode body = problem(getJob.handleRequest(event, null), 400);
        assertThat(body.get("detail").asText()).isEqualTo("next is not a parameter of GET /v1/jobs/{jobId}, which takes none");
    }

    @Test
    void getJob_asReviewer_is403() {
        problem(getJob.handleRequest(withClaims(load("get-job.json"), "u-9", "reviewer"), null), 403);
    }

    @Test
    void decideReview_withInvalidVerdict_is400() {
        APIGatewayProxyRequestEvent event = load("decide-review.json");
        event.setBody("{\"decision\":\"MAYBE\"}");

        JsonNode body = problem(decide.handleRequest(event, null), 400);

        assertThat(body.at("/errors/0/message").asText()).isEqualTo("must be one of: APPROVE, REJECT");
    }

    @Test
    void decideReview_asSubmitter_is403() {
        problem(decide.handleRequest(withClaims(load("decide-review.json"), "u-1", "submitter"), null), 403);
    }

    @Test
    void snapStartPriming_withAwsUnreachable_primesWhatItCanAndNeverThrows() {
        assertThat(context.getBean(dev.tandem.functions.config.SnapStartPriming.class).prime()).isEqualTo(1);
    }

    @Test
    void caller_readsGroupsInEveryFormApiGatewayUses() {
        assertThat(Caller.fromClaims(Map.of("sub", "u", "cognito:groups", "submitter,reviewer")).roles())
                .containsExactlyInAnyOrder(Role.SUBMITTER, Role.REVIEWER);
        assertThat(Caller.fromClaims(Map.of("sub", "u", "cognito:groups", "[auditor operator]")).roles())
                .containsExactlyInAnyOrder(Role.AUDITOR, Role.OPERATOR);
        assertThat(Caller.fromClaims(Map.of("sub", "u", "cognito:groups", java.util.List.of("reviewer", "unknown"))).roles())
                .containsExactly(Role.REVIEWER);
        assertThat(Caller.fromClaims(Map.of("cognito:groups", "submitter"))).isNull();
        assertThat(Caller.fromClaims(Map.of("sub", "u", "cognito:groups", "operator")).has(Role.AUDITOR)).isTrue();
    }
}
