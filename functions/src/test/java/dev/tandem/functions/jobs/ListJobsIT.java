package dev.tandem.functions.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.PayloadRef;
import dev.tandem.contracts.pipeline.spi.ExamplePipeline;
import dev.tandem.functions.support.ApiStack;
import dev.tandem.testsupport.AwsEndpoints;
import dev.tandem.testsupport.AwsEngines;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code GET /v1/jobs} on DynamoDB's indexes: who sees what, filters, pages, and cursors that cannot be forged. */
@AwsEngines
class ListJobsIT {

    private static final String ALICE = "8f1c2d3e-aaaa-4bbb-8ccc-111111111111";
    private static final String BOB = "8f1c2d3e-bbbb-4bbb-8ccc-222222222222";
    private static final String AUDITOR = "8f1c2d3e-cccc-4bbb-8ccc-333333333333";
    /** The jobs, newest first: (id, owner, status, created). Three UTC days, both owners. */
    private static final List<String[]> JOBS = List.of(
            new String[] {"00000000-0000-4000-8000-000000000007", ALICE, "COMPLETED", "2026-11-30T08:00:00Z"},
            new String[] {"00000000-0000-4000-8000-000000000006", BOB, "FAILED", "2026-11-30T07:59:59.250Z"},
            new String[] {"00000000-0000-4000-8000-000000000005", ALICE, "RUNNING", "2026-11-30T00:00:00Z"},
            new String[] {"00000000-0000-4000-8000-000000000004", ALICE, "COMPLETED", "2026-11-29T23:59:59.999Z"},
            new String[] {"00000000-0000-4000-8000-000000000003", BOB, "COMPLETED", "2026-11-29T12:00:00Z"},
            new String[] {"00000000-0000-4000-8000-000000000002", ALICE, "REJECTED", "2026-11-28T12:00:00.5Z"},
            new String[] {"00000000-0000-4000-8000-000000000001", ALICE, "COMPLETED", "2026-11-28T12:00:00Z"});
    private static final String PERIOD_FROM = "2026-11-27T00:00:00Z";
    private static final String PERIOD_TO = "2026-11-30T23:00:00Z";

    private static ApiStack stack;
    private static ListJobsHandler list;

    @BeforeAll
    static void start(AwsEndpoints endpoints, DynamoDbClient dynamoDb, S3Client s3) {
        stack = ApiStack.start(endpoints, dynamoDb, s3);
        list = new ListJobsHandler(stack.context);
        JobTable table = stack.context.getBean(JobTable.class);
        for (String[] j : JOBS) {
            Instant created = Instant.parse(j[3]);
            table.create(new JobRecord(j[0], ExamplePipeline.NAME, j[1], Map.of(), JobStatus.valueOf(j[2]), created, created,
                    new PayloadRef("doc.txt", "s3://b/jobs/" + j[0] + "/raw.txt", "0".repeat(64), 10), "doc.txt", Map.of(), "c-" + j[0],
                    List.of(), null, null, null));
        }
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static APIGatewayProxyResponseEvent get(String sub, String groups, Map<String, String> query) {
        APIGatewayProxyRequestEvent event = ApiStack.getEvent("get-job.json", sub, groups, null);
        event.setPath("/v1/jobs");
        event.setResource("/v1/jobs");
        event.setQueryStringParameters(query.isEmpty() ? null : new HashMap<>(query));
        return list.handleRequest(event, null);
    }

    private static JsonNode ok(String sub, String groups, Map<String, String> query) {
        APIGatewayProxyResponseEvent response = get(sub, groups, query);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        return Json.read(response.getBody(), JsonNode.class);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("jobs").forEach(j -> ids.add(j.path("jobId").asText()));
        return ids;
    }

    private static List<String> expected(String owner, String status) {
        return JOBS.stream().filter(j -> owner == null || j[1].equals(owner)).filter(j -> status == null || j[2].equals(status))
                .map(j -> j[0]).toList();
    }

    private static Map<String, String> period(String... more) {
        Map<String, String> q = new HashMap<>(Map.of("from", PERIOD_FROM, "to", PERIOD_TO));
        for (int i = 0; i < more.length; i += 2) {
            q.put(more[i], more[i + 1]);
        }
        return q;
    }

    /** Every page, following nextToken. */
    private static List<String> allPages(String sub, String groups, Map<String, String> query) {
        List<String> ids = new ArrayList<>();
        Map<String, String> q = new HashMap<>(query);
        for (int pages = 0; pages < 20; pages++) {
            JsonNode page = ok(sub, groups, q);
            ids.addAll(ids(page));
            if (!page.has("nextToken")) {
                return ids;
            }
            q.put("nextToken", page.path("nextToken").asText());
        }
        throw new AssertionError("more than 20 pages");
    }

    @Test
    void submitter_seesTheirOwnJobs_newestFirst_acrossDays() {
        JsonNode page = ok(ALICE, "submitter", period());
        assertThat(ids(page)).isEqualTo(expected(ALICE, null));
        assertThat(page.has("nextToken")).isFalse();
        assertThat(page.at("/jobs/0/status").asText()).isEqualTo("COMPLETED");
        assertThat(page.at("/jobs/0/pipeline").asText()).isEqualTo(ExamplePipeline.NAME);
        assertThat(ids(ok(BOB, "submitter", period()))).isEqualTo(expected(BOB, null));
    }

    @Test
    void auditorAndOperator_seeEveryJob() {
        assertThat(ids(ok(AUDITOR, "auditor", period()))).isEqualTo(expected(null, null));
        assertThat(ids(ok(AUDITOR, "operator", period()))).isEqualTo(expected(null, null));
    }

    @ParameterizedTest(name = "limit {0}")
    @CsvSource({"1", "2", "3", "7", "100"})
    void pages_ofAnySize_joinToTheWholeList_withoutGapsOrRepeats(String limit) {
        assertThat(allPages(AUDITOR, "auditor", period("limit", limit))).isEqualTo(expected(null, null));
        assertThat(allPages(ALICE, "submitter", period("limit", limit))).isEqualTo(expected(ALICE, null));
    }

    @Test
    void filters_byStatusPipelineAndPeriod_exactToTheMillisecond() {
        assertThat(allPages(AUDITOR, "auditor", period("status", "COMPLETED", "limit", "2"))).isEqualTo(expected(null, "COMPLETED"));
        assertThat(ids(ok(AUDITOR, "auditor", period("pipeline", ExamplePipeline.NAME)))).isEqualTo(expected(null, null));
        // From 2026-11-28T12:00:00.5Z (included) to 2026-11-29T23:59:59.999Z (included).
        assertThat(ids(ok(AUDITOR, "auditor", Map.of("from", "2026-11-28T12:00:00.500Z", "to", "2026-11-29T23:59:59.999Z"))))
                .containsExactly(JOBS.get(3)[0], JOBS.get(4)[0], JOBS.get(5)[0]);
        assertThat(ids(ok(AUDITOR, "auditor", Map.of("from", "2026-11-30T07:59:59.300Z", "to", "2026-11-30T08:00:00Z"))))
                .containsExactly(JOBS.get(0)[0]);
    }

    @Test
    void nextToken_thatWasAltered_orIssuedForAnotherQueryOrCaller_isRefused() {
        String token = ok(AUDITOR, "auditor", period("limit", "2")).path("nextToken").asText();
        assertThat(token).isNotEmpty();
        char flip = token.charAt(5) == 'A' ? 'B' : 'A';
        String altered = token.substring(0, 5) + flip + token.substring(6);
        for (Map<String, String> q : List.of(
                period("limit", "2", "nextToken", altered),
                period("limit", "2", "nextToken", "garbage"),
                period("limit", "2", "nextToken", token + "x"),
                period("limit", "2", "status", "FAILED", "nextToken", token))) {
            assertBadParameter(get(AUDITOR, "auditor", q), "/queryStringParameters/nextToken");
        }
        // Another caller cannot continue an auditor's listing, nor an auditor's token reveal anything to a submitter.
        assertBadParameter(get(ALICE, "submitter", period("limit", "2", "nextToken", token)), "/queryStringParameters/nextToken");
        // The same caller and query may: the token works, and the limit may change between pages.
        assertThat(get(AUDITOR, "auditor", period("limit", "3", "nextToken", token)).getStatusCode()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "status|DONE|/queryStringParameters/status|COMPLETED",
            "pipeline|nope|/queryStringParameters/pipeline|" + ExamplePipeline.NAME,
            "limit|0|/queryStringParameters/limit|1 to 100",
            "limit|101|/queryStringParameters/limit|1 to 100",
            "limit|ten|/queryStringParameters/limit|1 to 100",
            "from|yesterday|/queryStringParameters/from|ISO-8601",
            "to|2026-13-01T00:00:00Z|/queryStringParameters/to|ISO-8601",
            "from|2026-12-01T00:00:00Z|/queryStringParameters/from|not be after",
            "from|2026-01-01T00:00:00Z|/queryStringParameters/from|92 days"})
    void badParameter_isA400NamingIt(String name, String value, String pointer, String says) {
        Map<String, String> q = new HashMap<>(Map.of("to", "2026-11-30T00:00:00Z"));
        q.put(name, value);
        APIGatewayProxyResponseEvent response = get(AUDITOR, "auditor", q);
        assertBadParameter(response, pointer);
        assertThat(response.getBody()).contains(says);
    }

    @Test
    void reviewerWithoutSubmitterOrAuditorRole_isForbidden() {
        assertThat(get(AUDITOR, "reviewer", Map.of()).getStatusCode()).isEqualTo(403);
    }

    private static void assertBadParameter(APIGatewayProxyResponseEvent response, String pointer) {
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(400);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/problem+json");
        assertThat(Json.read(response.getBody(), JsonNode.class).at("/errors/0/pointer").asText()).isEqualTo(pointer);
    }
}
