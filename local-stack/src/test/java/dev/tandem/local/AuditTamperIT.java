package dev.tandem.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.aws.audit.AuditLog;
import dev.tandem.cdk.ops.VerifyAudit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
            for (int i = 0; i < 7; i++) {
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
            // The digest writer's schedule, run now: one signed digest covering every job that ended.
            stack.runSchedules();
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

    private static JsonNode trail(String jobId) {
        return api.send("GET", "/v1/jobs/" + jobId + "/audit", "auditor", null, Map.of()).json();
    }

    private static JsonNode verification(String jobId) {
        return trail(jobId).path("verification");
    }

    /** What scripts/verify-audit --local reads: the file the running stack writes for it. */
    private static VerifyAudit.Target cliTarget() throws Exception {
        Path file = Files.createTempFile("local-endpoints", ".json");
        stack.writeLocalEndpoints(file);
        return VerifyAudit.local(file);
    }

    /** The exit code, a newline, and what scripts/verify-audit --job prints. */
    private static String verifyAudit(VerifyAudit.Target target, String jobId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = VerifyAudit.job(target, jobId, new PrintStream(out, true, StandardCharsets.UTF_8));
        return code + "\n" + out.toString(StandardCharsets.UTF_8);
    }

    /** Every event recomputed with another actor, each hash and link made to fit; returns the forged last event. */
    private static AuditEvent rewrite(String jobId) {
        AuditEvent previous = null;
        for (AuditEvent e : events(jobId)) {
            previous = AuditChain.next(previous, e.jobId(), e.time(), e.actor().startsWith("agent") ? "agent:forged" : e.actor(), e.type(), e.details());
            put(previous);
        }
        return previous;
    }

    @Test
    void eachTamperingOfAFinishedTrail_isDetectedByTheApiAndByVerifyAudit_namingWhere() throws Exception {
        String altered = jobs.get(0);
        String middle = jobs.get(1);
        String last = jobs.get(2);
        String all = jobs.get(3);
        String reordered = jobs.get(4);
        String rewritten = jobs.get(5);
        String rewrittenWithHead = jobs.get(6);
        VerifyAudit.Target cli = cliTarget();
        assertThat(verifyAudit(cli, altered)).startsWith("0\n").contains("chain: VALID").contains("digests: 1 cover this job");
        for (String jobId : jobs) {
            JsonNode untouched = trail(jobId);
            assertThat(untouched.at("/verification/valid").asBoolean()).as("untouched " + jobId).isTrue();
            assertThat(untouched.at("/digests/covering").asInt()).as("a signed digest covers " + jobId).isEqualTo(1);
            assertThat(untouched.at("/digests/chainValid").asBoolean()).isTrue();
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
        rewrite(rewritten);
        AuditEvent forgedHead = rewrite(rewrittenWithHead);
        // The insider also moves the job record's anchored head to the forged chain's end: the table alone now agrees.
        dynamoDb.updateItem(b -> b.tableName(stack.endpoints().tables().get("jobs"))
                .key(Map.of("jobId", AttributeValue.fromS(rewrittenWithHead)))
                .updateExpression("SET #h = :h").expressionAttributeNames(Map.of("#h", AuditLog.HEAD))
                .expressionAttributeValues(Map.of(":h", AttributeValue.fromM(Map.of("sequence", AttributeValue.fromN(Long.toString(forgedHead.sequence())),
                        "hash", AttributeValue.fromS(forgedHead.hash()))))));

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

        // scripts/verify-audit (in process, against the running local stack) names the same places.
        assertThat(verifyAudit(cli, altered)).startsWith("1\n").contains("chain: INVALID at sequence 2: event content does not match its hash (altered)");
        assertThat(verifyAudit(cli, middle)).contains("INVALID at sequence 2").contains("expected: sequence 2").contains("found:    sequence 3");
        assertThat(verifyAudit(cli, last)).contains("INVALID at sequence " + lastCount + ": events " + lastCount + " to " + lastCount + " are missing");
        assertThat(verifyAudit(cli, all)).contains("INVALID at sequence 1").contains("found:    no events");
        assertThat(verifyAudit(cli, reordered)).contains("INVALID at sequence 2: previousHash does not match");
        assertThat(verifyAudit(cli, rewritten)).contains("the chain was rewritten");
        assertThat(verifyAudit(cli, rewrittenWithHead)).startsWith("1\n").contains("INVALID at sequence 4: digest ").contains("(rewritten)");
        ByteArrayOutputStream digests = new ByteArrayOutputStream();
        assertThat(VerifyAudit.digests(cli, new PrintStream(digests, true, StandardCharsets.UTF_8))).isZero();
        assertThat(digests.toString(StandardCharsets.UTF_8)).contains("the chain holds from the first digest");

        v = verification(rewrittenWithHead);
        assertThat(v.path("valid").asBoolean()).as("only the signed digest still knows the chain's hashes").isFalse();
        assertThat(v.path("firstBrokenSequence").asLong()).isEqualTo(4);
        assertThat(v.path("problem").asText()).startsWith("digest ").contains("(rewritten)");
        assertThat(v.path("found").asText()).isEqualTo("hash " + forgedHead.hash() + " at sequence 4");
    }
}
