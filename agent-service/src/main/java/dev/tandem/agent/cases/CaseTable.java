package dev.tandem.agent.cases;

import dev.tandem.agent.config.AgentConfig;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.PolicyDecision;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The agent's durable case per (job, step), with optimistic locking: every write is conditional on
 * the version that was read, so two deliveries of one step can never both move a case.
 */
@Singleton
public class CaseTable {

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Clock clock;

    public CaseTable(DynamoDbClient dynamoDb, AgentConfig config) {
        this.dynamoDb = dynamoDb;
        this.table = config.casesTable();
        this.clock = Clock.systemUTC();
    }

    /** The case, read strongly consistent, or null. */
    public CaseRecord get(String caseId) {
        var item = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true).key(key(caseId))).item();
        return item == null || item.isEmpty() ? null : fromItem(item);
    }

    /** Opens the case in RECEIVED, or returns the case a previous delivery opened. */
    public CaseRecord open(String jobId, String step, int attempt) {
        String caseId = CaseRecord.caseId(jobId, step);
        String now = clock.instant().toString();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("caseId", AttributeValue.fromS(caseId));
        item.put("jobId", AttributeValue.fromS(jobId));
        item.put("step", AttributeValue.fromS(step));
        item.put("state", AttributeValue.fromS(CaseState.RECEIVED.name()));
        item.put("version", AttributeValue.fromN("1"));
        item.put("evaluations", AttributeValue.fromN("0"));
        item.put("attempt", AttributeValue.fromN(Integer.toString(attempt)));
        item.put("receivedAt", AttributeValue.fromS(now));
        item.put("updatedAt", AttributeValue.fromS(now));
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(item).conditionExpression("attribute_not_exists(caseId)"));
            return fromItem(item);
        } catch (ConditionalCheckFailedException e) {
            return get(caseId);
        }
    }

    /** RECEIVED or EVALUATING -> EVALUATING, counting evaluations. */
    public CaseRecord startEvaluation(CaseRecord c) {
        require(c, CaseState.EVALUATING);
        var values = new HashMap<String, AttributeValue>();
        values.put(":one", AttributeValue.fromN("1"));
        update(c, CaseState.EVALUATING, "evaluations = evaluations + :one", values);
        return new CaseRecord(c.caseId(), c.jobId(), c.step(), CaseState.EVALUATING, c.version() + 1, c.evaluations() + 1, null, null);
    }

    /**
     * The write that moves an EVALUATING case to DECIDED, to be committed in one transaction with the
     * decision's audit event (so a decision exists exactly when its audit event does).
     */
    public TransactWriteItem decide(CaseRecord c, PolicyDecision decision) {
        require(c, CaseState.DECIDED);
        var values = new HashMap<String, AttributeValue>();
        values.put(":decision", AttributeValue.fromS(Json.write(decision)));
        values.put(":decidedAt", AttributeValue.fromS(decision.decidedAt().toString()));
        values.put(":outcome", AttributeValue.fromS(decision.outcome().name()));
        Update update = updateRequest(c, CaseState.DECIDED, "decision = :decision, decidedAt = :decidedAt, outcome = :outcome", values);
        return TransactWriteItem.builder().update(update).build();
    }

    public CaseRecord decided(CaseRecord c, PolicyDecision decision) {
        return new CaseRecord(c.caseId(), c.jobId(), c.step(), CaseState.DECIDED, c.version() + 1, c.evaluations(), decision, null);
    }

    /** DECIDED or REPORTED -> REPORTED, remembering (a hash of) the token the decision went to. */
    public CaseRecord reported(CaseRecord c, String tokenHash) {
        require(c, CaseState.REPORTED);
        var values = new HashMap<String, AttributeValue>();
        values.put(":token", AttributeValue.fromS(tokenHash));
        values.put(":reportedAt", AttributeValue.fromS(clock.instant().toString()));
        update(c, CaseState.REPORTED, "reportedTokenHash = :token, reportedAt = :reportedAt", values);
        return new CaseRecord(c.caseId(), c.jobId(), c.step(), CaseState.REPORTED, c.version() + 1, c.evaluations(), c.decision(), tokenHash);
    }

    private static void require(CaseRecord c, CaseState to) {
        if (!c.state().canMoveTo(to)) {
            throw new IllegalStateException("case " + c.caseId() + " cannot move from " + c.state() + " to " + to);
        }
    }

    private void update(CaseRecord c, CaseState to, String set, Map<String, AttributeValue> values) {
        Update u = updateRequest(c, to, set, values);
        try {
            dynamoDb.updateItem(b -> b.tableName(u.tableName()).key(u.key()).updateExpression(u.updateExpression())
                    .conditionExpression(u.conditionExpression()).expressionAttributeNames(u.expressionAttributeNames())
                    .expressionAttributeValues(u.expressionAttributeValues()));
        } catch (ConditionalCheckFailedException e) {
            throw new CaseConflictException(c.caseId(), c.version());
        }
    }

    private Update updateRequest(CaseRecord c, CaseState to, String set, Map<String, AttributeValue> values) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(":expected", AttributeValue.fromN(Long.toString(c.version())));
        all.put(":next", AttributeValue.fromN(Long.toString(c.version() + 1)));
        all.put(":state", AttributeValue.fromS(to.name()));
        all.put(":now", AttributeValue.fromS(clock.instant().toString()));
        return Update.builder().tableName(table).key(key(c.caseId()))
                .updateExpression("SET #state = :state, #version = :next, updatedAt = :now, " + set)
                .conditionExpression("#version = :expected")
                .expressionAttributeNames(Map.of("#state", "state", "#version", "version"))
                .expressionAttributeValues(all).build();
    }

    private static Map<String, AttributeValue> key(String caseId) {
        return Map.of("caseId", AttributeValue.fromS(caseId));
    }

    static CaseRecord fromItem(Map<String, AttributeValue> item) {
        AttributeValue decision = item.get("decision");
        AttributeValue token = item.get("reportedTokenHash");
        AttributeValue evaluations = item.get("evaluations");
        return new CaseRecord(item.get("caseId").s(), item.get("jobId").s(), item.get("step").s(),
                CaseState.valueOf(item.get("state").s()), Long.parseLong(item.get("version").n()),
                evaluations == null ? 0 : Integer.parseInt(evaluations.n()),
                decision == null ? null : Json.read(decision.s(), PolicyDecision.class), token == null ? null : token.s());
    }
}
