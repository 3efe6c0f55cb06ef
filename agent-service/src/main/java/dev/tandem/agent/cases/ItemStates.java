package dev.tandem.agent.cases;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.agent.config.AgentConfig;
import dev.tandem.aws.dynamodb.Cancellations;
import dev.tandem.contracts.json.Json;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The durable state of the items a governed step decides per item ({@code ItemGovernedStep}), kept across jobs: one
 * item per (pipeline, agent step, item key), versioned. It shares the cases table (its keys start with {@code state#},
 * which no case id does: case ids start with a job id), so the agent's grants and the table's encryption, backups and
 * alarms cover it as they cover the cases.
 *
 * <p>States are read strongly consistent before a decision; each write is a {@link TransactWriteItem} for the decision's
 * transaction, conditional on the version read (or on there being none), so of two decisions that read the same
 * version only one can write.
 */
@Singleton
public class ItemStates {

    /** An item's stored state and its version (1 on the first write). */
    public record Stored(String item, JsonNode state, long version) {
    }

    /** What BatchGetItem takes in one call. */
    private static final int BATCH = 100;

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public ItemStates(DynamoDbClient dynamoDb, AgentConfig config) {
        this.dynamoDb = dynamoDb;
        this.table = config.casesTable();
        this.clock = Clock.systemUTC();
    }

    /** The key of an item's state: {@code state#<pipeline>#<agent step>#<item>}. */
    public static String key(String pipeline, String step, String item) {
        return "state#" + pipeline + "#" + step + "#" + item;
    }

    /** The stored states of these items, by item; an item that has none is absent. */
    public Map<String, Stored> read(String pipeline, String step, List<String> items) {
        Map<String, String> itemByKey = new LinkedHashMap<>();
        items.forEach(item -> itemByKey.put(key(pipeline, step, item), item));
        Map<String, Stored> stored = new HashMap<>();
        List<String> keys = new ArrayList<>(itemByKey.keySet());
        for (int from = 0; from < keys.size(); from += BATCH) {
            List<Map<String, AttributeValue>> batch = keys.subList(from, Math.min(keys.size(), from + BATCH)).stream()
                    .map(k -> Map.of("caseId", AttributeValue.fromS(k))).toList();
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(batch).consistentRead(true).build());
            for (int attempt = 0; !request.isEmpty(); attempt++) {
                if (attempt > 10) {
                    throw new IllegalStateException("DynamoDB left item states unread after " + attempt + " attempts");
                }
                Map<String, KeysAndAttributes> ask = request;
                BatchGetItemResponse response = dynamoDb.batchGetItem(b -> b.requestItems(ask));
                for (Map<String, AttributeValue> item : response.responses().getOrDefault(table, List.of())) {
                    String name = itemByKey.get(item.get("caseId").s());
                    stored.put(name, new Stored(name, Json.read(item.get("state").s(), JsonNode.class), Long.parseLong(item.get("version").n())));
                }
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return stored;
    }

    /** The write of an item's new state, on the condition that its version is still {@code readVersion} (0: it has none). */
    public TransactWriteItem write(String pipeline, String step, String item, JsonNode state, long readVersion, String jobId) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put("caseId", AttributeValue.fromS(key(pipeline, step, item)));
        values.put("state", AttributeValue.fromS(Json.write(state)));
        values.put("version", AttributeValue.fromN(Long.toString(readVersion + 1)));
        values.put("decidedBy", AttributeValue.fromS(jobId));
        values.put("updatedAt", AttributeValue.fromS(clock.instant().toString()));
        Put.Builder put = Put.builder().tableName(table).item(values).expressionAttributeNames(Map.of("#version", "version"))
                .conditionExpression(versionCondition(readVersion));
        if (readVersion > 0) {
            put.expressionAttributeValues(readValue(readVersion));
        }
        return TransactWriteItem.builder().put(put.build()).build();
    }

    /** A check, in the decision's transaction, that an item's state is still at {@code readVersion} (0: it has none). */
    public TransactWriteItem unchanged(String pipeline, String step, String item, long readVersion) {
        ConditionCheck.Builder check = ConditionCheck.builder().tableName(table)
                .key(Map.of("caseId", AttributeValue.fromS(key(pipeline, step, item)))).expressionAttributeNames(Map.of("#version", "version"))
                .conditionExpression(versionCondition(readVersion));
        if (readVersion > 0) {
            check.expressionAttributeValues(readValue(readVersion));
        }
        return TransactWriteItem.builder().conditionCheck(check.build()).build();
    }

    /** The state is still at the version read: absent when none was read, else {@code :read} ({@link #readValue}). */
    private static String versionCondition(long readVersion) {
        return readVersion == 0 ? "attribute_not_exists(#version)" : "#version = :read";
    }

    private static Map<String, AttributeValue> readValue(long readVersion) {
        return Map.of(":read", AttributeValue.fromN(Long.toString(readVersion)));
    }

    /**
     * True when a decision's transaction was cancelled because an item state it writes (at index {@code from} or after)
     * changed since it was read, and nothing before that index failed its own condition: the decision is re-evaluated on
     * the new states.
     */
    public static boolean stateChanged(TransactionCanceledException e, int from) {
        return Cancellations.reasons(e).size() > from && Cancellations.atMostConflicted(e, 0, from)
                && Cancellations.anyMoved(e, from, Integer.MAX_VALUE);
    }
}
