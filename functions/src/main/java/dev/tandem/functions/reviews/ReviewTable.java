package dev.tandem.functions.reviews;

import dev.tandem.contracts.infra.Tables;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.tandem.contracts.api.ReviewDecision;
import dev.tandem.contracts.api.ReviewItem;
import dev.tandem.aws.jobs.JobItems;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.RedactionPlan;
import dev.tandem.functions.config.FunctionsConfig;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** The reviews table (key {@code reviewId}; index {@code byStatus} on status and creation time: the queue). */
@Singleton
public class ReviewTable {

    public static final String STATUS_INDEX = "byStatus";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final ReviewBacklog backlog;

    public ReviewTable(DynamoDbClient dynamoDb, FunctionsConfig config, ReviewBacklog backlog) {
        this.dynamoDb = dynamoDb;
        this.table = FunctionsConfig.required(config.reviewsTable(), Tables.REVIEWS.environmentVariable());
        this.backlog = backlog;
    }

    /** The review of a job (one per job): derived from the job id, so a retried step, Finalize and a cancellation find it. */
    public static String reviewIdOf(String jobId) {
        return java.util.UUID.nameUUIDFromBytes(("review:" + jobId).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    /** The sample check of a job's automatic outcome (one per job): derived from the job id, so a retried measure finds it. */
    public static String sampleIdOf(String jobId) {
        return java.util.UUID.nameUUIDFromBytes(("sample:" + jobId).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    /** Stores a new review; false when it exists already (a retried RequestReview step). */
    public boolean create(ReviewRecord review) {
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(toItem(review)).conditionExpression("attribute_not_exists(reviewId)"));
            publishBacklog(review.item());
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    public ReviewRecord get(String reviewId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table)
                .key(Map.of("reviewId", AttributeValue.fromS(reviewId))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : fromItem(item);
    }

    /** Of one status and kind, oldest first, at most {@code limit} (pages through the status until it has them). */
    public List<ReviewItem> byStatus(ReviewItem.Status status, ReviewItem.Kind kind, int limit) {
        List<ReviewItem> out = new ArrayList<>();
        // Items written before reviews had kinds are decisions.
        String filter = kind == ReviewItem.Kind.DECISION ? "attribute_not_exists(#kind) OR #kind = :kind" : "#kind = :kind";
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = dynamoDb.query(b -> b.tableName(table).indexName(STATUS_INDEX).limit(limit)
                    .keyConditionExpression("#status = :status").filterExpression(filter)
                    .expressionAttributeNames(Map.of("#status", "status", "#kind", "kind"))
                    .expressionAttributeValues(Map.of(":status", AttributeValue.fromS(status.name()), ":kind", AttributeValue.fromS(kind.name())))
                    .exclusiveStartKey(from));
            page.items().forEach(item -> {
                if (out.size() < limit) {
                    out.add(fromItem(item).item());
                }
            });
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && out.size() < limit);
        return out;
    }

    /**
     * Moves a PENDING review to {@code to} with the decision, atomically.
     *
     * @return false when the review was not PENDING any more (someone decided first, or it expired)
     */
    public boolean decide(ReviewItem pending, ReviewItem.Status to, ReviewDecision decision) {
        String reviewId = pending.reviewId();
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of("reviewId", AttributeValue.fromS(reviewId)))
                    // A checked sample is kept (its purge time goes); an unchecked one is purged after a while.
                    .updateExpression("SET #status = :to, decision = :decision REMOVE " + Tables.Reviews.PURGE_AT)
                    .conditionExpression("#status = :pending")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":to", AttributeValue.fromS(to.name()),
                            ":decision", AttributeValue.fromS(Json.write(decision)),
                            ":pending", AttributeValue.fromS(ReviewItem.Status.PENDING.name()))));
            publishBacklog(pending);
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** The backlog counts the reviews a workflow waits for: a sample coming or going leaves it as it was. */
    private void publishBacklog(ReviewItem changed) {
        if (changed.kind() == ReviewItem.Kind.DECISION) {
            backlog.publish();
        }
    }

    /** Undoes {@link #decide} when the workflow could not be resumed for a transient reason. */
    public void reopen(String reviewId, ReviewItem.Status from) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of("reviewId", AttributeValue.fromS(reviewId)))
                    .updateExpression("SET #status = :pending REMOVE decision")
                    .conditionExpression("#status = :from")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":from", AttributeValue.fromS(from.name()),
                            ":pending", AttributeValue.fromS(ReviewItem.Status.PENDING.name()))));
        } catch (ConditionalCheckFailedException e) {
            // Changed meanwhile; leave it.
        }
    }

    /**
     * Takes a job's review off the queue when its job was cancelled: PENDING becomes EXPIRED; a decided review, or none,
     * is left as it is.
     *
     * @return whether a pending review was expired
     */
    public boolean expireIfPending(String reviewId) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of("reviewId", AttributeValue.fromS(reviewId)))
                    .updateExpression("SET #status = :expired")
                    .conditionExpression("attribute_exists(reviewId) AND #status = :pending")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":expired", AttributeValue.fromS(ReviewItem.Status.EXPIRED.name()),
                            ":pending", AttributeValue.fromS(ReviewItem.Status.PENDING.name()))));
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
        backlog.publish();
        return true;
    }

    /** Marks a review whose workflow stopped waiting (timeout or the execution ended). */
    public void expire(String reviewId) {
        dynamoDb.updateItem(b -> b.tableName(table).key(Map.of("reviewId", AttributeValue.fromS(reviewId)))
                .updateExpression("SET #status = :expired")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":expired", AttributeValue.fromS(ReviewItem.Status.EXPIRED.name()))));
        backlog.publish();
    }

    static Map<String, AttributeValue> toItem(ReviewRecord r) {
        ReviewItem i = r.item();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("reviewId", AttributeValue.fromS(i.reviewId()));
        item.put("jobId", AttributeValue.fromS(i.jobId()));
        item.put("status", AttributeValue.fromS(i.status().name()));
        item.put(dev.tandem.contracts.infra.Tables.Jobs.ATTRIBUTES, JobItems.toAttributeValue(i.attributes()));
        item.put("proposedPlan", AttributeValue.fromS(Json.write(i.proposedPlan())));
        item.put("reasons", AttributeValue.fromS(Json.write(i.reasons())));
        item.put("createdAt", AttributeValue.fromS(i.createdAt().toString()));
        if (i.expiresAt() != null) {
            item.put("expiresAt", AttributeValue.fromS(i.expiresAt().toString()));
        }
        if (i.decision() != null) {
            item.put("decision", AttributeValue.fromS(Json.write(i.decision())));
        }
        item.put("kind", AttributeValue.fromS(i.kind().name()));
        if (i.sampledOutcome() != null) {
            item.put("sampledOutcome", AttributeValue.fromS(i.sampledOutcome().name()));
        }
        if (i.kind() == ReviewItem.Kind.SAMPLE && i.status() == ReviewItem.Status.PENDING) {
            long purgeAt = i.createdAt().plus(Tables.Reviews.SAMPLE_RETENTION).getEpochSecond();
            item.put(Tables.Reviews.PURGE_AT, AttributeValue.fromN(Long.toString(purgeAt)));
        }
        if (r.taskToken() != null) {
            item.put("taskToken", AttributeValue.fromS(r.taskToken()));
        }
        return item;
    }

    static ReviewRecord fromItem(Map<String, AttributeValue> item) {
        List<String> reasons;
        try {
            reasons = Json.mapper().readValue(item.get("reasons").s(), new TypeReference<List<String>>() { });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        ReviewItem view = new ReviewItem(
                item.get("reviewId").s(),
                item.get("jobId").s(),
                ReviewItem.Status.valueOf(item.get("status").s()),
                JobItems.fromItem(item),
                Json.read(item.get("proposedPlan").s(), RedactionPlan.class),
                reasons,
                Instant.parse(item.get("createdAt").s()),
                item.containsKey("expiresAt") ? Instant.parse(item.get("expiresAt").s()) : null,
                item.containsKey("decision") ? Json.read(item.get("decision").s(), ReviewDecision.class) : null,
                item.containsKey("kind") ? ReviewItem.Kind.valueOf(item.get("kind").s()) : ReviewItem.Kind.DECISION,
                item.containsKey("sampledOutcome") ? dev.tandem.contracts.pipeline.Outcome.valueOf(item.get("sampledOutcome").s()) : null);
        return new ReviewRecord(view, item.containsKey("taskToken") ? item.get("taskToken").s() : null);
    }
}
