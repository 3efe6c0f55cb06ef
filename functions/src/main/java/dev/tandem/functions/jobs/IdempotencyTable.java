package dev.tandem.functions.jobs;

import dev.tandem.contracts.infra.Tables;
import dev.tandem.functions.config.FunctionsConfig;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Idempotency records for {@code POST /v1/jobs}, one per (caller, Idempotency-Key).
 *
 * <p>The first request claims the key with a conditional put (so of two concurrent requests exactly
 * one wins), does its work, then stores the response. A later request with the key gets that response
 * again if its body is the same, 409 if the body differs, and 409 with {@code Retry-After} while the
 * first is still in flight. A claim whose holder died (its lock expired) is taken over, keeping the
 * job id, so a half-done submission converges instead of creating a second job. Records expire 24 h
 * after the first request: DynamoDB TTL deletes them eventually, and expired records are treated as
 * absent until it does.
 */
@Singleton
public class IdempotencyTable {

    public static final Duration RETENTION = Duration.ofHours(24);
    /** Longer than the submit function's timeout, so a live holder never loses its claim. */
    public static final Duration LOCK = Duration.ofSeconds(30);

    /** What a request may do with its key. */
    public sealed interface Claim {
        /** This request owns the key and must create the job with this id. */
        record Acquired(String jobId) implements Claim { }
        /** The key's job exists; answer with the stored response. */
        record Replay(String jobId, String response) implements Claim { }
        /** Another request holds the key right now. */
        record InFlight(Duration retryAfter) implements Claim { }
        /** The key was used with a different body. */
        record BodyMismatch() implements Claim { }
    }

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public IdempotencyTable(DynamoDbClient dynamoDb, FunctionsConfig config) {
        this(dynamoDb, FunctionsConfig.required(config.idempotencyTable(), Tables.IDEMPOTENCY.environmentVariable()), Clock.systemUTC());
    }

    IdempotencyTable(DynamoDbClient dynamoDb, String table, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.clock = clock;
    }

    public static String scopedKey(String subject, String idempotencyKey) {
        return subject + "#" + idempotencyKey;
    }

    public Claim claim(String key, String requestHash, String newJobId) {
        Instant now = clock.instant();
        try {
            dynamoDb.putItem(b -> b.tableName(table)
                    .item(Map.of(
                            "idempotencyKey", s(key),
                            "requestHash", s(requestHash),
                            "status", s("IN_PROGRESS"),
                            "jobId", s(newJobId),
                            "lockedUntil", n(now.plus(LOCK).toEpochMilli()),
                            "expiresAt", n(now.plus(RETENTION).getEpochSecond())))
                    .conditionExpression("attribute_not_exists(idempotencyKey) OR expiresAt < :now")
                    .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond()))));
            return new Claim.Acquired(newJobId);
        } catch (ConditionalCheckFailedException e) {
            return existing(key, requestHash, now);
        }
    }

    private Claim existing(String key, String requestHash, Instant now) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table)
                .key(Map.of("idempotencyKey", s(key))).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            // Deleted between our put and this read (a failed holder released it): the client may retry at once.
            return new Claim.InFlight(Duration.ofSeconds(1));
        }
        if (!item.get("requestHash").s().equals(requestHash)) {
            return new Claim.BodyMismatch();
        }
        String jobId = item.get("jobId").s();
        if ("COMPLETED".equals(item.get("status").s())) {
            return new Claim.Replay(jobId, item.get("response").s());
        }
        long lockedUntil = Long.parseLong(item.get("lockedUntil").n());
        if (lockedUntil > now.toEpochMilli()) {
            return new Claim.InFlight(Duration.ofMillis(lockedUntil - now.toEpochMilli()));
        }
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of("idempotencyKey", s(key)))
                    .updateExpression("SET lockedUntil = :until")
                    .conditionExpression("#status = :inProgress AND lockedUntil = :seen")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":until", n(now.plus(LOCK).toEpochMilli()),
                            ":inProgress", s("IN_PROGRESS"), ":seen", n(lockedUntil))));
            return new Claim.Acquired(jobId);
        } catch (ConditionalCheckFailedException e) {
            return new Claim.InFlight(LOCK);
        }
    }

    public void complete(String key, String jobId, String response) {
        dynamoDb.updateItem(b -> b.tableName(table).key(Map.of("idempotencyKey", s(key)))
                .updateExpression("SET #status = :completed, #response = :response REMOVE lockedUntil")
                .conditionExpression("jobId = :jobId")
                .expressionAttributeNames(Map.of("#status", "status", "#response", "response"))
                .expressionAttributeValues(Map.of(":completed", s("COMPLETED"), ":response", s(response), ":jobId", s(jobId))));
    }

    /** Gives the key up after a failure, so the client's retry can proceed at once. */
    public void release(String key, String jobId) {
        try {
            dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of("idempotencyKey", s(key)))
                    .conditionExpression("jobId = :jobId AND #status = :inProgress")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":jobId", s(jobId), ":inProgress", s("IN_PROGRESS"))));
        } catch (ConditionalCheckFailedException e) {
            // Someone else completed or took over the key meanwhile: theirs to keep.
        }
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
