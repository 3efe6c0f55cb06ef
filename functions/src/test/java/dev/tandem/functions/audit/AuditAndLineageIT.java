package dev.tandem.functions.audit;

import dev.tandem.contracts.audit.AuditEventType;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.aws.audit.AuditLog;
import dev.tandem.contracts.audit.AuditChain;
import dev.tandem.contracts.audit.AuditEvent;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.lineage.LineageEdge;
import dev.tandem.contracts.lineage.LineageGraph;
import dev.tandem.contracts.lineage.LineageNode;
import dev.tandem.functions.jobs.SubmitJobHandler;
import dev.tandem.functions.lineage.FindLineageHandler;
import dev.tandem.functions.lineage.GetJobLineageHandler;
import dev.tandem.functions.lineage.LineageTable;
import dev.tandem.functions.support.ApiStack;
import dev.tandem.functions.support.Events;
import dev.tandem.testsupport.AwsEndpoints;
import dev.tandem.testsupport.AwsEngines;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

@AwsEngines
class AuditAndLineageIT {

    private static final String AUDITOR = "3c4d5e6f-cccc-4ddd-8eee-333333333333";
    private static ApiStack stack;

    @BeforeAll
    static void start(AwsEndpoints endpoints, DynamoDbClient dynamoDb, S3Client s3) {
        stack = ApiStack.start(endpoints, dynamoDb, s3);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static String newJob() {
        APIGatewayProxyResponseEvent accepted = new SubmitJobHandler(stack.context).handleRequest(
                ApiStack.submitEvent(UUID.randomUUID().toString(), "submitter",
                        "{\"pipeline\":\"example\",\"purpose\":\"support-kb\",\"document\":{\"text\":\"hello\"}}", null), null);
        return Json.read(accepted.getBody(), JsonNode.class).get("jobId").asText();
    }

    private static APIGatewayProxyRequestEvent get(String groups, Map<String, String> path, Map<String, String> query) {
        APIGatewayProxyRequestEvent event = Events.withClaims(Events.load("get-job.json"), AUDITOR, groups);
        event.setPathParameters(path);
        event.setQueryStringParameters(query);
        return event;
    }

    private static List<AuditEvent> writeChain(String job, int length) {
        List<AuditEvent> events = new ArrayList<>();
        AuditEvent previous = null;
        for (int i = 0; i < length; i++) {
            previous = AuditChain.next(previous, job, Instant.now(), "agent:test", "STEP_" + i, Map.of("i", Integer.toString(i)));
            AuditEvent e = previous;
            stack.dynamoDb.putItem(b -> b.tableName(stack.tables.get("audit")).item(AuditLog.toItem(e)));
            events.add(e);
        }
        return events;
    }

    @Test
    void audit_returnsEventsInOrder_andAValidChain() {
        String jobId = newJob();
        writeChain(jobId, 4);

        APIGatewayProxyResponseEvent response = new GetJobAuditHandler(stack.context).handleRequest(get("auditor", Map.of("jobId", jobId), null), null);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
        JsonNode body = Json.read(response.getBody(), JsonNode.class);
        assertThat(body.get("events").findValuesAsText("type")).containsExactly("STEP_0", "STEP_1", "STEP_2", "STEP_3");
        assertThat(body.at("/verification/valid").asBoolean()).isTrue();
        assertThat(body.at("/verification/eventCount").asInt()).isEqualTo(4);
    }

    @Test
    void audit_ofATamperedChain_reportsTheFirstBrokenEvent() {
        String jobId = newJob();
        writeChain(jobId, 3);
        stack.dynamoDb.updateItem(b -> b.tableName(stack.tables.get("audit"))
                .key(Map.of("jobId", AttributeValue.fromS(jobId), "sequence", AttributeValue.fromN("2")))
                .updateExpression("SET actor = :a").expressionAttributeValues(Map.of(":a", AttributeValue.fromS("reviewer:mallory"))));

        JsonNode body = Json.read(new GetJobAuditHandler(stack.context).handleRequest(
                get("auditor", Map.of("jobId", jobId), null), null).getBody(), JsonNode.class);

        assertThat(body.at("/verification/valid").asBoolean()).isFalse();
        assertThat(body.at("/verification/firstBrokenSequence").asLong()).isEqualTo(2);
    }

    @Test
    void concurrentAppends_toOneJob_formOneGapFreeValidChain() throws Exception {
        String jobId = newJob();
        AuditLog audit = stack.context.getBean(AuditLog.class);
        int writers = 6;
        int each = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            String actor = "writer:" + w;
            futures.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < each; i++) {
                    audit.append(jobId, actor, AuditEventType.REVIEW_REQUESTED, Map.of("i", Integer.toString(i)));
                }
                return null;
            }));
        }
        go.countDown();
        for (var f : futures) {
            f.get();
        }
        pool.shutdown();

        List<AuditEvent> events = audit.events(jobId);
        assertThat(events).hasSize(writers * each);
        assertThat(events).extracting(AuditEvent::sequence).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, writers * each).boxed().toList());
        assertThat(AuditChain.verify(events).valid()).isTrue();
    }

    @Test
    void audit_needsTheAuditorRole_andAnExistingJob() {
        String jobId = newJob();
        GetJobAuditHandler handler = new GetJobAuditHandler(stack.context);
        assertThat(handler.handleRequest(get("submitter", Map.of("jobId", jobId), null), null).getStatusCode()).isEqualTo(403);
        assertThat(handler.handleRequest(get("auditor", Map.of("jobId", UUID.randomUUID().toString()), null), null).getStatusCode()).isEqualTo(404);
    }

    @Test
    void lineage_graphAndReverseLookupByModelAndPolicy() {
        String jobId = newJob();
        stack.context.getBean(LineageTable.class).write(new LineageGraph(jobId, List.of(
                new LineageNode("document", LineageNode.Kind.DOCUMENT, Map.of("sha256", "ab")),
                new LineageNode("model:embedded-lexicon@1.0.0", LineageNode.Kind.MODEL, Map.of("model", "embedded-lexicon@1.0.0")),
                new LineageNode("policy:1.0.0+abc", LineageNode.Kind.POLICY_BUNDLE, Map.of("policyBundle", "1.0.0+abc"))),
                List.of(new LineageEdge("document", "model:embedded-lexicon@1.0.0", "CLASSIFIED_BY"))));

        JsonNode graph = Json.read(new GetJobLineageHandler(stack.context).handleRequest(
                get("auditor", Map.of("jobId", jobId), null), null).getBody(), JsonNode.class);
        assertThat(graph.get("nodes").findValuesAsText("id")).contains("document", "model:embedded-lexicon@1.0.0");
        assertThat(graph.at("/edges/0/relation").asText()).isEqualTo("CLASSIFIED_BY");

        FindLineageHandler find = new FindLineageHandler(stack.context);
        APIGatewayProxyResponseEvent byModel = find.handleRequest(get("auditor", null, Map.of("model", "embedded-lexicon@1.0.0")), null);
        assertThat(byModel.getStatusCode()).as(byModel.getBody()).isEqualTo(200);
        assertThat(Json.read(byModel.getBody(), JsonNode.class).get("jobs").toString()).contains(jobId);
        APIGatewayProxyResponseEvent byPolicy = find.handleRequest(get("auditor", null, Map.of("policy", "1.0.0+abc")), null);
        assertThat(Json.read(byPolicy.getBody(), JsonNode.class).get("jobs").toString()).contains(jobId);
        assertThat(Json.read(find.handleRequest(get("auditor", null, Map.of("model", "other@9")), null).getBody(), JsonNode.class)
                .get("jobs")).isEmpty();
    }

    @Test
    void reverseLookup_rejectsAmbiguousOrForgedQueries() {
        FindLineageHandler find = new FindLineageHandler(stack.context);
        assertThat(find.handleRequest(get("auditor", null, Map.of()), null).getStatusCode()).isEqualTo(400);
        assertThat(find.handleRequest(get("auditor", null, Map.of("model", "a", "policy", "b")), null).getStatusCode()).isEqualTo(400);
        assertThat(find.handleRequest(get("auditor", null, Map.of("model", "a b")), null).getStatusCode()).isEqualTo(400);
        assertThat(find.handleRequest(get("auditor", null, Map.of("model", "a", "limit", "0")), null).getStatusCode()).isEqualTo(400);
        assertThat(find.handleRequest(get("auditor", null, Map.of("model", "a", "nextToken", "!!!")), null).getStatusCode()).isEqualTo(400);
        assertThat(find.handleRequest(get("submitter", null, Map.of("model", "a")), null).getStatusCode()).isEqualTo(403);
    }

    @Test
    void reverseLookup_pagesThroughEveryJob_withCursorsThatCannotBeForgedOrReused() {
        dev.tandem.functions.lineage.LineageTable table = stack.context.getBean(dev.tandem.functions.lineage.LineageTable.class);
        java.util.Set<String> written = new java.util.TreeSet<>();
        for (int i = 0; i < 5; i++) {
            String jobId = java.util.UUID.randomUUID().toString();
            written.add(jobId);
            table.write(new LineageGraph(jobId, List.of(new LineageNode("model:paged@1", LineageNode.Kind.MODEL, Map.of("model", "paged@1"))),
                    List.of()));
        }
        FindLineageHandler find = new FindLineageHandler(stack.context);
        java.util.Set<String> seen = new java.util.TreeSet<>();
        Map<String, String> query = new java.util.HashMap<>(Map.of("model", "paged@1", "limit", "2"));
        String token = null;
        for (int pages = 0; pages < 10; pages++) {
            JsonNode page = Json.read(find.handleRequest(get("auditor", null, query), null).getBody(), JsonNode.class);
            page.path("jobs").forEach(j -> seen.add(j.asText()));
            if (!page.has("nextToken")) {
                break;
            }
            token = page.path("nextToken").asText();
            query.put("nextToken", token);
        }
        assertThat(seen).isEqualTo(written);
        assertThat(token).as("limit 2 over 5 jobs pages").isNotNull();
        String flipped = token.substring(0, 3) + (token.charAt(3) == 'A' ? 'B' : 'A') + token.substring(4);
        assertThat(find.handleRequest(get("auditor", null, Map.of("model", "paged@1", "nextToken", flipped)), null).getStatusCode()).isEqualTo(400);
        assertThat(find.handleRequest(get("auditor", null, Map.of("model", "other@1", "nextToken", token)), null).getStatusCode()).isEqualTo(400);
        assertThat(find.handleRequest(get("auditor", null, Map.of("policy", "paged@1", "nextToken", token)), null).getStatusCode()).isEqualTo(400);
    }
}
