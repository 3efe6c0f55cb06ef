package dev.tandem.aws.audit;

import dev.tandem.aws.dynamodb.Cancellations;
import dev.tandem.contracts.audit.AuditChain;
import dev.tandem.contracts.audit.AuditEvent;
import dev.tandem.contracts.audit.AuditEventType;
import dev.tandem.contracts.audit.AuditHead;
import dev.tandem.contracts.audit.AuditTrail;
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
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * A job's append-only audit chain in DynamoDB (partition {@code jobId}, sort key {@code sequence};
 * attributes {@code time}, {@code actor}, {@code type}, {@code details} (a map of strings),
 * {@code previousHash}, {@code hash}). The chain format itself is {@link AuditChain}.
 *
 * <p>Every writer of a chain (the agent, a reviewer's decision, the workflow's functions) claims the
 * next sequence number with a conditional put, so concurrent writers never fork or gap the chain: a
 * writer that loses the race reads the new head and tries again after a jittered pause.
 *
 * <p>Every append also advances the job record's {@value #HEAD} (the last event's sequence and hash, {@link AuditHead})
 * in the same transaction, on the condition that it is still where the chain ended: deleting the last events of a
 * chain (or all of them) leaves a head that no longer matches, which {@link AuditChain#verify(List, AuditHead)}
 * reports, and a chain whose end does not match its head takes no further event. Writers never update or delete
 * an audit item: puts with a condition only.
 */
public final class AuditLog {

    /** Writers of one job's chain are few (agent, reviewer, workflow); this bounds a pathological pile-up. */
    static final int MAX_APPEND_ATTEMPTS = 40;

    /** The job record's attribute that anchors the chain's head: a map of {@code sequence} and {@code hash}. */
    public static final String HEAD = "auditHead";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final String jobsTable;
    private final Clock clock;

    public AuditLog(DynamoDbClient dynamoDb, String table, String jobsTable) {
        this(dynamoDb, table, jobsTable, Clock.systemUTC());
    }

    public AuditLog(DynamoDbClient dynamoDb, String table, String jobsTable, Clock clock) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = Objects.requireNonNull(table, "table");
        this.jobsTable = Objects.requireNonNull(jobsTable, "jobsTable");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Where the job record says the chain ends, or null when it anchors none (no event yet, or written before heads were). */
    public AuditHead anchoredHead(String jobId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(jobsTable).consistentRead(true)
                .key(Map.of("jobId", AttributeValue.fromS(jobId))).projectionExpression("#head")
                .expressionAttributeNames(Map.of("#head", HEAD))).item();
        AttributeValue head = item == null ? null : item.get(HEAD);
        if (head == null || !head.hasM()) {
            return null;
        }
        return new AuditHead(Long.parseLong(head.m().get("sequence").n()), head.m().get("hash").s());
    }

    /**
     * The job's events verified against its anchored head, read as one consistent view: the head is read before and
     * after the events, and the read is repeated while an append moved it in between.
     */
    public AuditTrail trail(String jobId) {
        for (int attempt = 0; ; attempt++) {
            AuditHead before = anchoredHead(jobId);
            List<AuditEvent> events = events(jobId);
            AuditHead after = anchoredHead(jobId);
            if (Objects.equals(before, after) || attempt == 4) {
                return AuditTrail.of(jobId, events, after);
            }
        }
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

    /** Appends an event to the job's chain (and advances its anchored head) and returns it. */
    public AuditEvent append(String jobId, String actor, AuditEventType type, Map<String, String> details) {
        return appendAtomically(jobId, actor, type, details, List.of());
    }

    /**
     * Appends an event and applies {@code with} in one DynamoDB transaction (with the head's advance): either the
     * event and the state change it records are both written, or neither is. This is what makes "decided" and
     * "audited" the same fact. If an item of {@code with} fails its own condition, the {@link TransactionCanceledException}
     * reaches the caller (whose state changed under it); contention on the chain is retried here. {@code with} must
     * not update the job record itself (a transaction touches an item once; the head's advance does).
     *
     * @throws IllegalStateException when the job has no record, or its anchored head is not where the chain ends
     */
    public AuditEvent appendAtomically(String jobId, String actor, AuditEventType type, Map<String, String> details,
                                       List<TransactWriteItem> with) {
        return appendWith(jobId, actor, type.name(), details, next -> {
            List<TransactWriteItem> items = new ArrayList<>(with.size() + 2);
            items.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(toItem(next))
                    .conditionExpression("attribute_not_exists(#seq)")
                    .expressionAttributeNames(Map.of("#seq", "sequence")).build()).build());
            items.add(TransactWriteItem.builder().update(advanceHead(next)).build());
            items.addAll(with);
            try {
                dynamoDb.transactWriteItems(b -> b.transactItems(items));
                return true;
            } catch (TransactionCanceledException e) {
                if (headDisagrees(e)) {
                    throw new IllegalStateException("the audit chain of job " + jobId + " does not end where its job record says"
                            + " (or the job has no record): the chain ends at sequence " + (next.sequence() - 1)
                            + "; nothing was appended. Verify it: GET /v1/jobs/" + jobId + "/audit", e);
                }
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

    /** The job record's head moves from the event before {@code next} to {@code next}, and only from there. */
    private Update advanceHead(AuditEvent next) {
        Map<String, String> names = new HashMap<>(Map.of("#head", HEAD));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":head", AttributeValue.fromM(Map.of(
                "sequence", AttributeValue.fromN(Long.toString(next.sequence())), "hash", AttributeValue.fromS(next.hash())))));
        String condition;
        if (next.sequence() == 1) {
            condition = "attribute_exists(jobId) AND attribute_not_exists(#head)";
        } else {
            names.put("#seq", "sequence");
            names.put("#hash", "hash");
            values.put(":prevSeq", AttributeValue.fromN(Long.toString(next.sequence() - 1)));
            values.put(":prevHash", AttributeValue.fromS(next.previousHash()));
            // A job whose chain was written before heads were anchored gets its head with its next event.
            condition = "attribute_exists(jobId) AND (attribute_not_exists(#head) OR (#head.#seq = :prevSeq AND #head.#hash = :prevHash))";
        }
        return Update.builder().tableName(jobsTable).key(Map.of("jobId", AttributeValue.fromS(next.jobId())))
                .updateExpression("SET #head = :head").conditionExpression(condition)
                .expressionAttributeNames(names).expressionAttributeValues(values).build();
    }

    /** True when the event's put would have succeeded but the head's advance failed its condition: the head disagrees. */
    private static boolean headDisagrees(TransactionCanceledException e) {
        return Cancellations.passed(e, 0) && Cancellations.conditionFailed(e, 1);
    }

    /**
     * True when nothing but the audit put (index 0) failed its condition, or the transaction collided
     * with another one (code TransactionConflict): both are resolved by reading the head again.
     */
    private static boolean onlyTheChainConflicted(TransactionCanceledException e) {
        // Index 1 is the head's advance: it fails whenever the chain moved, like the put at index 0.
        return !Cancellations.reasons(e).isEmpty() && Cancellations.atMostConflicted(e, 2, Integer.MAX_VALUE);
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
