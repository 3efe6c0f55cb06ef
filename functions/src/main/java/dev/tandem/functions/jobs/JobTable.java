package dev.tandem.functions.jobs;

import dev.tandem.contracts.api.DataClassification;
import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.api.JobView;
import dev.tandem.contracts.api.Purpose;
import dev.tandem.contracts.api.StepProgress;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.PayloadRef;
import dev.tandem.contracts.pipeline.PolicyDecision;
import dev.tandem.functions.config.FunctionsConfig;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** The jobs table (key {@code jobId}). Nested values are stored as JSON strings: they are read whole. */
@Singleton
public class JobTable {

    private final DynamoDbClient dynamoDb;
    private final String table;

    public JobTable(DynamoDbClient dynamoDb, FunctionsConfig config) {
        this.dynamoDb = dynamoDb;
        this.table = FunctionsConfig.required(config.jobsTable(), "TANDEM_TABLE_JOBS");
    }

    /**
     * Writes a new job.
     *
     * @return false when a job with this id exists already (a retried submission that got this far)
     */
    public boolean create(JobRecord job) {
        try {
            dynamoDb.putItem(b -> b.tableName(table).item(toItem(job)).conditionExpression("attribute_not_exists(jobId)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    public JobRecord get(String jobId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(table)
                .key(Map.of("jobId", AttributeValue.fromS(jobId))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : fromItem(item);
    }

    /** Compensation for a submission that failed before its execution started. */
    public void delete(String jobId) {
        dynamoDb.deleteItem(b -> b.tableName(table).key(Map.of("jobId", AttributeValue.fromS(jobId))));
    }

    static Map<String, AttributeValue> toItem(JobRecord job) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("jobId", s(job.jobId()));
        item.put("pipeline", s(job.pipeline()));
        item.put("owner", s(job.owner()));
        item.put("purpose", s(job.purpose().wireName()));
        item.put("dataClassification", s(job.dataClassification().wireName()));
        item.put("status", s(job.status().name()));
        item.put("createdAt", s(job.createdAt().toString()));
        item.put("updatedAt", s(job.updatedAt().toString()));
        item.put("document", s(Json.write(job.document())));
        if (job.documentName() != null) {
            item.put("documentName", s(job.documentName()));
        }
        if (!job.metadata().isEmpty()) {
            Map<String, AttributeValue> m = new HashMap<>();
            job.metadata().forEach((k, v) -> m.put(k, s(v)));
            item.put("metadata", AttributeValue.fromM(m));
        }
        item.put("correlationId", s(job.correlationId()));
        item.put("steps", s(Json.write(job.steps())));
        if (job.decision() != null) {
            item.put("decision", s(Json.write(job.decision())));
        }
        if (job.result() != null) {
            item.put("result", s(Json.write(job.result())));
        }
        if (job.error() != null) {
            item.put("error", s(Json.write(job.error())));
        }
        return item;
    }

    static JobRecord fromItem(Map<String, AttributeValue> item) {
        Map<String, String> metadata = new HashMap<>();
        if (item.containsKey("metadata")) {
            item.get("metadata").m().forEach((k, v) -> metadata.put(k, v.s()));
        }
        List<StepProgress> steps = new ArrayList<>();
        if (item.containsKey("steps")) {
            for (var node : Json.read(item.get("steps").s(), com.fasterxml.jackson.databind.JsonNode.class)) {
                steps.add(Json.convert(node, StepProgress.class));
            }
        }
        return new JobRecord(
                str(item, "jobId"),
                str(item, "pipeline"),
                str(item, "owner"),
                Purpose.fromWire(str(item, "purpose")),
                DataClassification.fromWire(str(item, "dataClassification")),
                JobStatus.valueOf(str(item, "status")),
                Instant.parse(str(item, "createdAt")),
                Instant.parse(str(item, "updatedAt")),
                Json.read(str(item, "document"), PayloadRef.class),
                str(item, "documentName"),
                metadata,
                str(item, "correlationId"),
                steps,
                item.containsKey("decision") ? Json.read(str(item, "decision"), PolicyDecision.class) : null,
                item.containsKey("result") ? Json.read(str(item, "result"), JobView.ResultLocation.class) : null,
                item.containsKey("error") ? Json.read(str(item, "error"), JobView.JobError.class) : null);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }
}
