package dev.tandem.aws.audit;

import dev.tandem.contracts.audit.AuditChain;
import dev.tandem.contracts.audit.AuditEvent;
import dev.tandem.contracts.audit.AuditEventType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * A job's append-only audit chain in DynamoDB (partition {@code jobId}, sort key {@code sequence};
 * attributes {@code time}, {@code actor}, {@code type}, {@code details} (a map of strings),
 * {@code previousHash}, {@code hash}). The chain format itself is {@link AuditChain}.
 *
 * <p>Every writer of a chain (the agent, a reviewer's decision, the workflow's functions) claims the
 * next sequence number with a conditional put, so concurrent writers never fork or gap the chain: a
 * writer that loses the race reads the new head and tries again after a jittered pause.
 */
public final class AuditLog {

    /** Writers of one job's chain are few (agent, reviewer, workflow); this bounds a pathological pile-up. */
    static final int MAX_APPEND_ATTEMPTS = 40;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public AuditLog(DynamoDbClient dynamoDb, String table) {
        this(dynamoDb, table, Clock.systemUTC());
    }

    public AuditLog(DynamoDbClient dynamoDb, String table, Clock clock) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
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

    /** The job's last event, or null. */
    public AuditEvent head(String jobId) {
        var items = dynamoDb.query(b -> b.tableName(table).consistentRead(true).scanIndexForward(false).limit(1)
                .keyConditionExpression("jobId = :jobId")
                .expressionAttributeValues(Map.of(":jobId", AttributeValue.fromS(jobId)))).items();
        return items.isEmpty() ? null : fromItem(items.getFirst());
    }

    /** Appends an event to the job's chain and returns it. */
    public AuditEvent append(String jobId, String actor, AuditEventType type, Map<String, String> details) {
        return appendWith(jobId, actor, type.name(), details, next -> {
            try {
                dynamoDb.putItem(b -> b.tableName(table).item(toItem(next)).conditionExpression("attribute_not_exists(#seq)")
                        .expressionAttributeNames(Map.of("#seq", "sequence")));
                return true;
            } catch (ConditionalCheckFailedException e) {
                return false; // another writer took this sequence number
            }
        });
    }

    /**
     * Appends an event and applies {@code with} in one DynamoDB transaction: either the event and the
     * state change it records are both written, or neither is. This is what makes "decided" and "audited"
     * the same fact. If an item of {@code with} fails its own condition, the {@link TransactionCanceledException}
     * reaches the caller (whose state changed under it); contention on the chain is retried here.
     */
    public AuditEvent appendAtomically(String jobId, String actor, AuditEventType type, Map<String, String> details,
                                       List<TransactWriteItem> with) {
        return appendWith(jobId, actor, type.name(), details, next -> {
            List<TransactWriteItem> items = new ArrayList<>(with.size() + 1);
            items.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(toItem(next))
                    .conditionExpression("attribute_not_exists(#seq)")
                    .expressionAttributeNames(Map.of("#seq", "sequence")).build()).build());
            items.addAll(with);
            try {
                dynamoDb.transactWriteItems(b -> b.transactItems(items));
                return true;
            } catch (TransactionCanceledException e) {
                if (!onlyTheChainConflicted(e)) {
                    throw e;
                }
                return false; // the chain moved, or a concurrent transaction touched it
            }
        });
    }

    /**
     * Builds the next event on the current head and lets {@code write} claim its sequence number; a
     * write that loses the race (false) reads the new head and tries again after a jittered pause.
     */
    private AuditEvent appendWith(String jobId, String actor, String type, Map<String, String> details, Predicate<AuditEvent> write) {
        for (int attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
            if (attempt > 0) {
                backOff(attempt);
            }
            AuditEvent next = AuditChain.next(head(jobId), jobId, clock.instant(), actor, type, details);
            if (write.test(next)) {
                return next;
            }
        }
        throw new IllegalStateException("could not append to the audit chain of job " + jobId + " after "
                + MAX_APPEND_ATTEMPTS + " attempts; too many concurrent writers");
    }

    /**
     * True when nothing but the audit put (index 0) failed its condition, or the transaction collided
     * with another one (code TransactionConflict): both are resolved by reading the head again.
     * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
     */
    private static boolean onlyTheChainConflicted(TransactionCanceledException e) {
        List<CancellationReason> reasons = e.cancellationReasons();
        if (reasons == null || reasons.isEmpty()) {
            return false;
        }
        for (int i = 1; i < reasons.size(); i++) {
            String code = reasons.get(i).code();
            if (code != null && !code.equals("None") && !code.equals("TransactionConflict")) {
                return false;
            }
        }
        return true;
    }

    /** Full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"), 2 ms doubling to at most 100 ms. */
    private static void backOff(int attempt) {
        long cap = Math.min(100, 2L << Math.min(attempt, 6));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(cap + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while appending to an audit chain", e);
        }
    }

    public static AuditEvent fromItem(Map<String, AttributeValue> item) {
        Map<String, String> details = new HashMap<>();
        if (item.containsKey("details")) {
            item.get("details").m().forEach((k, v) -> details.put(k, v.s()));
        }
        return new AuditEvent(item.get("jobId").s(), Long.parseLong(item.get("sequence").n()),
                java.time.Instant.parse(item.get("time").s()), item.get("actor").s(), item.get("type").s(), details,
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
