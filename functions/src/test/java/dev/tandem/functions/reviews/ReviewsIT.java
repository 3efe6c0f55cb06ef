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

    @BeforeAll
    static void start(AwsEndpoints endpoints, DynamoDbClient dynamoDb, S3Client s3) {
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
}
