package dev.tandem.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.aws.audit.AuditLog;
import dev.tandem.contracts.audit.AuditChain;
import dev.tandem.contracts.audit.AuditEvent;
import dev.tandem.contracts.audit.AuditEventType;
import dev.tandem.testsupport.AwsClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What an insider with write access to the audit table could do to a finished job's trail, each done to a job of its
 * own on the local stack, and what {@code GET /v1/jobs/{id}/audit} says of it: every change is detected and named.
 */
class AuditTamperIT {

    private static LocalStack stack;
    private static TandemClient api;
    private static DynamoDbClient dynamoDb;
    private static String table;
    private static List<String> jobs;

    @BeforeAll
    static void finishedJobs() throws Exception {
        stack = RunningStack.get();
        api = new TandemClient(stack.endpoints().api());
        dynamoDb = AwsClients.dynamoDb(stack.endpoints().aws());
        table = stack.endpoints().tables().get("audit");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<String>> submitted = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                submitted.add(pool.submit(() -> {
                    String jobId = api.submit("support-kb", "Contact ada@example.org about the invoice.", null).json().path("jobId").asText();
                    api.await(jobId, Duration.ofSeconds(90), java.util.Set.of());
                    api.auditClosedBy(jobId, AuditEventType.closingNames(), Duration.ofSeconds(10));
                    return jobId;
                }));
            }
            jobs = new ArrayList<>();
            // Two more events through the product's own writer (which advances the anchored head): four events a job.
            AuditLog writer = new AuditLog(dynamoDb, table, stack.endpoints().tables().get("jobs"));
            for (Future<String> f : submitted) {
                String jobId = f.get();
                writer.append(jobId, "auditor:test", AuditEventType.REVIEW_REQUESTED, Map.of("note", "first"));
                writer.append(jobId, "auditor:test", AuditEventType.REVIEW_APPROVED, Map.of("note", "second"));
                jobs.add(jobId);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<AuditEvent> events(String jobId) {
        List<AuditEvent> events = new ArrayList<>();
        dynamoDb.queryPaginator(b -> b.tableName(table).consistentRead(true).keyConditionExpression("jobId = :j")
                .expressionAttributeValues(Map.of(":j", AttributeValue.fromS(jobId)))).items().forEach(i -> events.add(AuditLog.fromItem(i)));
        return events;
    }

    private static void put(AuditEvent e) {
        dynamoDb.putItem(b -> b.tableName(table).item(AuditLog.toItem(e)));
    }

    private static void delete(String jobId, long sequence) {
        dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of("jobId", AttributeValue.fromS(jobId),
                "sequence", AttributeValue.fromN(Long.toString(sequence)))));
    }

    private static JsonNode verification(String jobId) {
        JsonNode trail = api.send("GET", "/v1/jobs/" + jobId + "/audit", "auditor", null, Map.of()).json();
        return trail.path("verification");
    }

    @Test
    void eachTamperingOfAFinishedTrail_isDetectedByTheApi_namingWhere() {
        String altered = jobs.get(0);
        String middle = jobs.get(1);
        String last = jobs.get(2);
        String all = jobs.get(3);
        String reordered = jobs.get(4);
        String rewritten = jobs.get(5);
        for (String jobId : jobs) {
            assertThat(verification(jobId).path("valid").asBoolean()).as("untouched " + jobId).isTrue();
            assertThat(events(jobId)).as("a governed job's trail and two events more").hasSize(4);
        }

        AuditEvent second = events(altered).get(1);
        put(new AuditEvent(second.jobId(), second.sequence(), second.time(), second.actor(), second.type(),
                Map.of("outcome", "ALLOW"), second.previousHash(), second.hash()));
        delete(middle, 2);
        int lastCount = events(last).size();
        delete(last, lastCount);
        events(all).forEach(e -> delete(all, e.sequence()));
        List<AuditEvent> swap = events(reordered);
        AuditEvent two = swap.get(1);
        AuditEvent three = swap.get(2);
        put(new AuditEvent(two.jobId(), 2, three.time(), three.actor(), three.type(), three.details(), three.previousHash(), three.hash()));
        put(new AuditEvent(three.jobId(), 3, two.time(), two.actor(), two.type(), two.details(), two.previousHash(), two.hash()));
        AuditEvent previous = null;
        for (AuditEvent e : events(rewritten)) {
            previous = AuditChain.next(previous, e.jobId(), e.time(), e.actor().startsWith("agent") ? "agent:forged" : e.actor(), e.type(), e.details());
            put(previous);
        }

        JsonNode v = verification(altered);
        assertThat(v.path("valid").asBoolean()).isFalse();
        assertThat(v.path("firstBrokenSequence").asLong()).isEqualTo(2);
        assertThat(v.path("problem").asText()).contains("altered");

        v = verification(middle);
        assertThat(v.path("firstBrokenSequence").asLong()).isEqualTo(2);
        assertThat(v.path("expected").asText()).isEqualTo("sequence 2");
        assertThat(v.path("found").asText()).isEqualTo("sequence 3");

        v = verification(last);
        assertThat(v.path("firstBrokenSequence").asLong()).isEqualTo(lastCount);
        assertThat(v.path("problem").asText()).startsWith("events " + lastCount + " to " + lastCount + " are missing");

        v = verification(all);
        assertThat(v.path("valid").asBoolean()).isFalse();
        assertThat(v.path("firstBrokenSequence").asLong()).isEqualTo(1);
        assertThat(v.path("found").asText()).isEqualTo("no events");

        v = verification(reordered);
        assertThat(v.path("firstBrokenSequence").asLong()).isEqualTo(2);
        assertThat(v.path("problem").asText()).contains("previousHash");

        v = verification(rewritten);
        assertThat(v.path("valid").asBoolean()).isFalse();
        assertThat(v.path("problem").asText()).contains("rewritten");
    }
}
