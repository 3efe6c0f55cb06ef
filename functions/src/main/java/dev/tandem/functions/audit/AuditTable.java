package dev.tandem.functions.audit;

import dev.tandem.contracts.audit.AuditEvent;
import dev.tandem.functions.config.FunctionsConfig;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads a job's audit events (partition {@code jobId}, sort key {@code sequence}). The attribute
 * layout is the agent's: {@code time}, {@code actor}, {@code type}, {@code details} (a map of
 * strings), {@code previousHash}, {@code hash}.
 */
@Singleton
public class AuditTable {

    private final DynamoDbClient dynamoDb;
    private final String table;

    public AuditTable(DynamoDbClient dynamoDb, FunctionsConfig config) {
        this.dynamoDb = dynamoDb;
        this.table = FunctionsConfig.required(config.auditTable(), "TANDEM_TABLE_AUDIT");
    }

    /** Every event of the job in sequence order (strongly consistent, all pages). */
    public List<AuditEvent> events(String jobId) {
        List<AuditEvent> events = new ArrayList<>();
        dynamoDb.queryPaginator(b -> b.tableName(table).consistentRead(true)
                        .keyConditionExpression("jobId = :jobId")
                        .expressionAttributeValues(Map.of(":jobId", AttributeValue.fromS(jobId))))
                .items().forEach(item -> events.add(fromItem(item)));
        return events;
    }

    /**
     * Appends an event to the job's chain. The next sequence number is claimed with a conditional put,
     * so concurrent writers (the agent, a reviewer's decision, Finalize) never fork the chain: a writer
     * that loses the race reads the new head and tries again.
     */
    public AuditEvent append(String jobId, String actor, String type, Map<String, String> details) {
        for (int attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
            if (attempt > 0) {
                backOff(attempt);
            }
            AuditEvent head = head(jobId);
            AuditEvent next = dev.tandem.contracts.audit.AuditChain.next(head, jobId, Instant.now(), actor, type, details);
            try {
                dynamoDb.putItem(b -> b.tableName(table).item(toItem(next)).conditionExpression("attribute_not_exists(#seq)")
                        .expressionAttributeNames(Map.of("#seq", "sequence")));
                return next;
            } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
                // Another writer took this sequence number; read the new head.
            }
        }
        throw new IllegalStateException("could not append to the audit chain of job " + jobId + " after "
                + MAX_APPEND_ATTEMPTS + " attempts; too many concurrent writers");
    }

    /** Writers of one job's chain are few (agent, reviewer, workflow); this bounds a pathological pile-up. */
    static final int MAX_APPEND_ATTEMPTS = 40;

    /** Full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"), 2 ms doubling to at most 100 ms. */
    private static void backOff(int attempt) {
        long cap = Math.min(100, 2L << Math.min(attempt, 6));
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while appending to an audit chain", e);
        }
    }

    /** The job's last event, or null. */
    public AuditEvent head(String jobId) {
        var items = dynamoDb.query(b -> b.tableName(table).consistentRead(true).scanIndexForward(false).limit(1)
                .keyConditionExpression("jobId = :jobId")
                .expressionAttributeValues(Map.of(":jobId", AttributeValue.fromS(jobId)))).items();
        return items.isEmpty() ? null : fromItem(items.getFirst());
    }

    static AuditEvent fromItem(Map<String, AttributeValue> item) {
        Map<String, String> details = new HashMap<>();
        if (item.containsKey("details")) {
            item.get("details").m().forEach((k, v) -> details.put(k, v.s()));
        }
        return new AuditEvent(item.get("jobId").s(), Long.parseLong(item.get("sequence").n()),
                Instant.parse(item.get("time").s()), item.get("actor").s(), item.get("type").s(), details,
                item.get("previousHash").s(), item.get("hash").s());
    }

    public static Map<String, AttributeValue> toItem(AuditEvent e) {
        Map<String, AttributeValue> details = new HashMap<>();
        e.details().forEach((k, v) -> details.put(k, AttributeValue.fromS(v)));
        return Map.of(
                "jobId", AttributeValue.fromS(e.jobId()),
                "sequence", AttributeValue.fromN(Long.toString(e.sequence())),
                "time", AttributeValue.fromS(e.time().toString()),
                "actor", AttributeValue.fromS(e.actor()),
                "type", AttributeValue.fromS(e.type()),
                "details", AttributeValue.fromM(details),
                "previousHash", AttributeValue.fromS(e.previousHash()),
                "hash", AttributeValue.fromS(e.hash()));
    }
}
