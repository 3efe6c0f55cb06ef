package dev.tandem.functions.jobs;

import dev.tandem.contracts.pipeline.spi.Pipelines;
import java.util.concurrent.ConcurrentHashMap;
import dev.tandem.contracts.infra.Tables;
import dev.tandem.aws.jobs.JobItems;
import dev.tandem.aws.jobs.JobProgress;
import dev.tandem.contracts.api.JobStatus;
import dev.tandem.contracts.api.JobView;
import dev.tandem.contracts.api.StepProgress;
import dev.tandem.contracts.blueprint.Step;
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
        this.table = FunctionsConfig.required(config.jobsTable(), Tables.JOBS.environmentVariable());
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

    /**
     * {@code createdAt} as the indexes sort it: ISO-8601 with all nine fraction digits, so that the strings sort as the
     * instants do ({@code Instant.toString()} drops zero fractions: "12:00:00Z" would sort after "12:00:00.5Z").
     */
    static final java.time.format.DateTimeFormatter SORTABLE =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(java.time.ZoneOffset.UTC);

    public static String sortable(Instant at) {
        return SORTABLE.format(at);
    }

    /** A job list's entry from an index item (which carries {@code Tables.Jobs.LISTED} and the keys). */
    static dev.tandem.contracts.api.JobSummary summary(Map<String, AttributeValue> item) {
        return new dev.tandem.contracts.api.JobSummary(item.get("jobId").s(), item.get("pipeline").s(), JobItems.fromItem(item),
                JobStatus.valueOf(item.get("status").s()), Instant.parse(item.get(Tables.Jobs.CREATED_AT).s()));
    }

    static String createdDay(Instant at) {
        return java.time.LocalDate.ofInstant(at, java.time.ZoneOffset.UTC).toString();
    }

    /** One page of an index partition's jobs, newest first, and where DynamoDB stopped (null at the partition's end). */
    public record IndexPage(List<Map<String, AttributeValue>> items, Map<String, AttributeValue> lastKey) {
    }

    /**
     * Jobs of one partition of the {@code byOwner} or {@code byDay} index created in {@code [from, to]}, newest first,
     * optionally of one pipeline and one status.
     */
    public IndexPage page(String index, String partitionAttribute, String partition, Instant from, Instant to, String pipeline,
                          JobStatus status, Map<String, AttributeValue> start, int limit) {
        Map<String, String> names = new HashMap<>(Map.of("#p", partitionAttribute, "#c", "createdAt"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":p", s(partition),
                ":from", s(sortable(from)), ":to", s(sortable(to))));
        List<String> filters = new ArrayList<>();
        if (pipeline != null) {
            names.put("#pl", "pipeline");
            values.put(":pl", s(pipeline));
            filters.add("#pl = :pl");
        }
        if (status != null) {
            names.put("#st", "status");
            values.put(":st", s(status.name()));
            filters.add("#st = :st");
        }
        var response = dynamoDb.query(b -> {
            b.tableName(table).indexName(index).keyConditionExpression("#p = :p AND #c BETWEEN :from AND :to")
                    .expressionAttributeNames(names).expressionAttributeValues(values).scanIndexForward(false).limit(limit);
            if (!filters.isEmpty()) {
                b.filterExpression(String.join(" AND ", filters));
            }
            if (start != null) {
                b.exclusiveStartKey(start);
            }
        });
        return new IndexPage(response.items(), response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? response.lastEvaluatedKey() : null);
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
        item.put(dev.tandem.contracts.infra.Tables.Jobs.ATTRIBUTES, JobItems.toAttributeValue(job.attributes()));
        item.put("status", s(job.status().name()));
        item.put("createdAt", s(sortable(job.createdAt())));
        item.put(Tables.Jobs.CREATED_DAY, s(createdDay(job.createdAt())));
        item.put("updatedAt", s(job.updatedAt().toString()));
        item.put("payload", s(Json.write(job.payload())));
        if (job.payloadName() != null) {
            item.put("payloadName", s(job.payloadName()));
        }
        if (!job.metadata().isEmpty()) {
            Map<String, AttributeValue> m = new HashMap<>();
            job.metadata().forEach((k, v) -> m.put(k, s(v)));
            item.put("metadata", AttributeValue.fromM(m));
        }
        item.put("correlationId", s(job.correlationId()));
        Map<String, AttributeValue> progress = new HashMap<>();
        job.steps().forEach(step -> progress.put(step.step(), AttributeValue.fromM(JobProgress.item(step))));
        item.put("progress", AttributeValue.fromM(progress));
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

    public static JobRecord fromItem(Map<String, AttributeValue> item) {
        Map<String, String> metadata = new HashMap<>();
        if (item.containsKey("metadata")) {
            item.get("metadata").m().forEach((k, v) -> metadata.put(k, v.s()));
        }
        List<StepProgress> steps = new ArrayList<>();
        if (item.containsKey("progress")) {
            Map<String, AttributeValue> progress = item.get("progress").m();
            List<String> order = stepOrder(str(item, "pipeline"));
            order.stream().filter(progress::containsKey).forEach(name -> steps.add(JobProgress.fromItem(name, progress.get(name).m())));
            progress.keySet().stream().filter(name -> !order.contains(name)).sorted()
                    .forEach(name -> steps.add(JobProgress.fromItem(name, progress.get(name).m())));
        }
        return new JobRecord(
                str(item, "jobId"),
                str(item, "pipeline"),
                str(item, "owner"),
                JobItems.fromItem(item),
                JobStatus.valueOf(str(item, "status")),
                Instant.parse(str(item, "createdAt")),
                Instant.parse(str(item, "updatedAt")),
                Json.read(str(item, "payload"), PayloadRef.class),
                str(item, "payloadName"),
                metadata,
                str(item, "correlationId"),
                steps,
                item.containsKey("decision") ? Json.read(str(item, "decision"), PolicyDecision.class) : null,
                item.containsKey("result") ? Json.read(str(item, "result"), JobView.ResultLocation.class) : null,
                item.containsKey("error") ? Json.read(str(item, "error"), JobView.JobError.class) : null,
                item.containsKey(KPIS) ? Json.read(str(item, KPIS), dev.tandem.contracts.api.JobKpis.class) : null,
                item.containsKey(INFERENCE) ? Json.read(str(item, INFERENCE), dev.tandem.contracts.api.JobKpis.Inference.class) : null);
    }

    /** The job's KPIs attribute (JSON), written when its execution ends. */
    static final String KPIS = "kpis";
    /** What the job's models did (JSON), as its pipeline reported it. */
    static final String INFERENCE = "inference";

    /**
     * Records what the job's models did ({@link dev.tandem.contracts.api.JobKpis.Inference}): a pipeline's step calls this
     * when it knows (again on a retry or a redrive: the later report replaces the first). The job's KPIs carry it.
     */
    public void recordInference(String jobId, dev.tandem.contracts.api.JobKpis.Inference inference) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of("jobId", s(jobId)))
                    .updateExpression("SET #inference = :inference").conditionExpression("attribute_exists(jobId)")
                    .expressionAttributeNames(Map.of("#inference", INFERENCE))
                    .expressionAttributeValues(Map.of(":inference", s(Json.write(inference)))));
        } catch (ConditionalCheckFailedException e) {
            // No such job (deleted): nothing to annotate.
        }
    }

    /** Records the job's KPIs (again after a redrive: the later measure covers both attempts). */
    public void recordKpis(String jobId, dev.tandem.contracts.api.JobKpis kpis) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of("jobId", s(jobId)))
                    .updateExpression("SET #kpis = :kpis").conditionExpression("attribute_exists(jobId)")
                    .expressionAttributeNames(Map.of("#kpis", KPIS)).expressionAttributeValues(Map.of(":kpis", s(Json.write(kpis)))));
        } catch (ConditionalCheckFailedException e) {
            // No such job (deleted): nothing to annotate.
        }
    }

    /** Each pipeline's steps in blueprint order, for the job view (steps of an unknown pipeline come sorted by name). */
    private static final Map<String, List<String>> STEP_ORDERS = new ConcurrentHashMap<>();

    /** The pipeline's step names (entry, workflow steps, error handler) in blueprint order; empty for an unknown pipeline. */
    public static List<String> stepOrder(String pipeline) {
        if (pipeline == null) {
            return List.of();
        }
        return STEP_ORDERS.computeIfAbsent(pipeline, name -> Pipelines.all().stream().filter(p -> p.name().equals(name)).findFirst()
                .map(p -> p.blueprint().all().map(Step::name).toList()).orElse(List.of()));
    }
    private static final List<String> TERMINAL = java.util.Arrays.stream(JobStatus.values()).filter(JobStatus::isTerminal).map(Enum::name).toList();
    /** {@code (:t0, :t1, ...)}: the terminal statuses as expression values. */
    private static final String TERMINAL_VALUES = "(" + String.join(", ", java.util.stream.IntStream.range(0, TERMINAL.size())
            .mapToObj(i -> ":t" + i).toList()) + ")";

    /** Marks a step as running and the job RUNNING (unless it already ended). */
    public void stepStarted(String jobId, String step, Instant at, JobStatus status) {
        updateUnlessTerminal(jobId, "SET progress.#step = :progress, #status = :status, updatedAt = :now",
                Map.of("#step", step, "#status", "status"),
                Map.of(":progress", AttributeValue.fromM(JobProgress.item(new StepProgress(step, StepProgress.State.RUNNING, at, null))),
                        ":status", s(status.name()), ":now", s(at.toString())));
    }

    /** Records a step's outcome; the job's status is left as it is. */
    public void stepEnded(String jobId, String step, Instant startedAt, Instant endedAt, StepProgress.State state) {
        JobProgress.record(dynamoDb, table, jobId, new StepProgress(step, state, startedAt, endedAt), endedAt);
    }

    /** Sets a non-terminal status (e.g. AWAITING_REVIEW) unless the job already ended. */
    public void setStatus(String jobId, JobStatus status, Instant at) {
        updateUnlessTerminal(jobId, "SET #status = :status, updatedAt = :now", Map.of("#status", "status"),
                Map.of(":status", s(status.name()), ":now", s(at.toString())));
    }

    /**
     * Ends the job. Idempotent for a retried step: ending it again with the same status is allowed, a
     * different terminal status is refused (returns false).
     */
    public boolean finish(String jobId, JobStatus status, PolicyDecision decision, JobView.ResultLocation result, JobView.JobError error, Instant at) {
        StringBuilder update = new StringBuilder("SET #status = :status, updatedAt = :now");
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":status", s(status.name()), ":now", s(at.toString())));
        if (decision != null) {
            update.append(", decision = :decision");
            values.put(":decision", s(Json.write(decision)));
        }
        if (result != null) {
            update.append(", #result = :result");
            values.put(":result", s(Json.write(result)));
        }
        if (error != null) {
            update.append(", #error = :error");
            values.put(":error", s(Json.write(error)));
        }
        Map<String, String> names = new HashMap<>(Map.of("#status", "status"));
        if (result != null) {
            names.put("#result", "result");
        }
        if (error != null) {
            names.put("#error", "error");
        }
        TERMINAL.forEach(t -> values.put(":t" + TERMINAL.indexOf(t), s(t)));
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of("jobId", s(jobId)))
                    .updateExpression(update.toString())
                    .conditionExpression("attribute_exists(jobId) AND (NOT #status IN " + TERMINAL_VALUES + " OR #status = :status)")
                    .expressionAttributeNames(names).expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * A FAILED or HALTED job runs again (before its execution is redriven, so that the redriven steps find it
     * running): RUNNING, its error removed, its redrive counted. Only if it is still as it was read ({@code status}
     * and {@code updatedAt}); returns false when it changed meanwhile.
     */
    public boolean resume(JobRecord seen, Instant at) {
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of("jobId", s(seen.jobId())))
                    .updateExpression("SET #status = :running, updatedAt = :now, redriveCount = if_not_exists(redriveCount, :zero) + :one "
                            + "REMOVE #error")
                    .conditionExpression("#status = :seen AND updatedAt = :seenAt")
                    .expressionAttributeNames(Map.of("#status", "status", "#error", "error"))
                    .expressionAttributeValues(Map.of(":running", s(JobStatus.RUNNING.name()), ":now", s(at.toString()),
                            ":zero", AttributeValue.fromN("0"), ":one", AttributeValue.fromN("1"),
                            ":seen", s(seen.status().name()), ":seenAt", s(seen.updatedAt().toString()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Undoes {@link #resume} when the redrive was refused: the job is again exactly as it was read. */
    public void undoResume(JobRecord seen, Instant resumedAt) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":seen", s(seen.status().name()), ":seenAt", s(seen.updatedAt().toString()),
                ":running", s(JobStatus.RUNNING.name()), ":resumedAt", s(resumedAt.toString()), ":one", AttributeValue.fromN("1")));
        String update = "SET #status = :seen, updatedAt = :seenAt, redriveCount = redriveCount - :one";
        if (seen.error() != null) {
            update += ", #error = :error";
            values.put(":error", s(Json.write(seen.error())));
        }
        String expression = update;
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of("jobId", s(seen.jobId())))
                    .updateExpression(expression)
                    .conditionExpression("#status = :running AND updatedAt = :resumedAt")
                    .expressionAttributeNames(seen.error() != null ? Map.of("#status", "status", "#error", "error") : Map.of("#status", "status"))
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException e) {
            // Changed since (nothing else writes a job that no execution runs; a second redrive request could).
        }
    }

    private void updateUnlessTerminal(String jobId, String update, Map<String, String> names, Map<String, AttributeValue> values) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        TERMINAL.forEach(t -> all.put(":t" + TERMINAL.indexOf(t), s(t)));
        Map<String, String> allNames = new HashMap<>(names);
        allNames.put("#status", "status");
        try {
            dynamoDb.updateItem(b -> b.tableName(table).key(Map.of("jobId", s(jobId)))
                    .updateExpression(update)
                    .conditionExpression("attribute_exists(jobId) AND NOT #status IN " + TERMINAL_VALUES)
                    .expressionAttributeNames(allNames).expressionAttributeValues(all));
        } catch (ConditionalCheckFailedException e) {
            // The job already ended (or never existed): progress after the end is not recorded.
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }
}
