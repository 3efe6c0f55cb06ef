package dev.tandem.aws.jobs;

import dev.tandem.contracts.api.StepProgress;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * A step's progress on the job record ({@code progress.<step>}: state, startedAt, endedAt), written by
 * the functions for their steps and by the agent for Govern, read back for {@code GET /v1/jobs/{id}}.
 */
public final class JobProgress {

    private JobProgress() {
    }

    public static Map<String, AttributeValue> item(StepProgress p) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("state", AttributeValue.fromS(p.state().name()));
        if (p.startedAt() != null) {
            m.put("startedAt", AttributeValue.fromS(p.startedAt().toString()));
        }
        if (p.endedAt() != null) {
            m.put("endedAt", AttributeValue.fromS(p.endedAt().toString()));
        }
        return m;
    }

    public static StepProgress fromItem(String step, Map<String, AttributeValue> m) {
        return new StepProgress(step, StepProgress.State.valueOf(m.get("state").s()),
                m.containsKey("startedAt") ? Instant.parse(m.get("startedAt").s()) : null,
                m.containsKey("endedAt") ? Instant.parse(m.get("endedAt").s()) : null);
    }

    /**
     * Records a step's progress (and the job's {@code updatedAt}); the job's status is left as it is.
     *
     * @return false when the job does not exist
     */
    public static boolean record(DynamoDbClient dynamoDb, String table, String jobId, StepProgress p, Instant at) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of("jobId", AttributeValue.fromS(jobId)))
                    .updateExpression("SET progress.#step = :progress, updatedAt = :now")
                    .conditionExpression("attribute_exists(jobId)")
                    .expressionAttributeNames(Map.of("#step", p.step()))
                    .expressionAttributeValues(Map.of(":progress", AttributeValue.fromM(item(p)), ":now", AttributeValue.fromS(at.toString()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
