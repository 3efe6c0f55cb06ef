package dev.tandem.agent.govern;

import dev.tandem.agent.config.AgentConfig;
import dev.tandem.agent.policy.GovernedSteps;
import dev.tandem.contracts.pipeline.spi.EvidenceRejectedException;
import dev.tandem.contracts.pipeline.spi.GovernContext;
import dev.tandem.contracts.pipeline.spi.GovernedStep;
import dev.tandem.contracts.pipeline.spi.PolicyRequest;
import java.util.LinkedHashMap;
import java.util.List;
import dev.tandem.aws.jobs.JobItems;
import dev.tandem.aws.jobs.JobProgress;
import dev.tandem.contracts.Digests;
import dev.tandem.contracts.api.StepProgress;
import java.time.Instant;
import org.slf4j.LoggerFactory;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.GovernTask;
import dev.tandem.contracts.pipeline.S3Location;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Builds the policy request from what the agent can check rather than from what the message claims: the
 * job record (owner, pipeline, and the attributes the governed step reads) and the evidence object, whose
 * SHA-256 must match its claim check. A message that disagrees with either is an invalid task; so is one the
 * governed step refuses ({@link EvidenceRejectedException}).
 */
@Singleton
public class Evidence {

    private final DynamoDbClient dynamoDb;
    private final S3Client s3;
    private final String jobsTable;

    public Evidence(DynamoDbClient dynamoDb, S3Client s3, AgentConfig config) {
        this.dynamoDb = dynamoDb;
        this.s3 = s3;
        this.jobsTable = config.jobsTable();
    }

    /** Shows the step on the job ({@code GET /v1/jobs/{id}}); a failure here never fails the step. */
    public void recordProgress(String jobId, StepProgress progress) {
        try {
            JobProgress.record(dynamoDb, jobsTable, jobId, progress, progress.endedAt() == null ? Instant.now() : progress.endedAt());
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(Evidence.class).warn("could not record {} progress of job {}: {}", progress.step(), jobId, e.toString());
        }
    }

    /** The step's request from a context {@link #verify} checked. */
    public PolicyRequest gather(GovernTask task, GovernedSteps.Route route, Verified verified) {
        return refusing(task, () -> request(route.governed(), verified.context()));
    }

    /**
     * What the agent verified of a task: the step's context, and when the job was submitted (its record's {@code createdAt};
     * null for a record without one).
     */
    public record Verified(GovernContext<? extends Record> context, Instant acceptedAt) {
    }

    /**
     * Checks the task against the job record and its evidence object and binds its attributes to the governed step's
     * record: what the step may build its request(s) from.
     */
    public Verified verify(GovernTask task, GovernedSteps.Route route) {
        GovernedStep<?> governed = route.governed();
        List<String> projected = List.of("jobId", "#owner", "pipeline", "#attributes", "createdAt");
        Map<String, String> names = Map.of("#owner", "owner", "#attributes", dev.tandem.contracts.infra.Tables.Jobs.ATTRIBUTES);
        Map<String, AttributeValue> job = dynamoDb.getItem(b -> b.tableName(jobsTable).consistentRead(true)
                .key(Map.of("jobId", AttributeValue.fromS(task.jobId())))
                .projectionExpression(String.join(", ", projected))
                .expressionAttributeNames(names)).item();
        if (job == null || job.isEmpty()) {
            throw new InvalidTaskException("job " + task.jobId() + " does not exist", task.taskToken(), false);
        }
        agree(task, "pipeline", task.pipeline(), job);
        if (!task.principal().subject().equals(text(job, "owner"))) {
            throw new InvalidTaskException("the task's principal is not the owner of job " + task.jobId(), task.taskToken(), true);
        }
        Map<String, String> jobAttributes = new LinkedHashMap<>(JobItems.fromItem(job));
        jobAttributes.keySet().retainAll(governed.jobAttributes());
        byte[] evidence = evidence(task);
        String createdAt = text(job, "createdAt");
        return new Verified(refusing(task, () -> context(task, governed, jobAttributes, evidence)),
                createdAt == null ? null : Instant.parse(createdAt));
    }

    /** What the governed step computes from verified facts; its refusal ({@link EvidenceRejectedException}) is an invalid task. */
    public static <T> T refusing(GovernTask task, Supplier<T> step) {
        try {
            return step.get();
        } catch (EvidenceRejectedException e) {
            throw new InvalidTaskException(e.getMessage(), task.taskToken(), true);
        }
    }

    @SuppressWarnings("unchecked")
    private static <A extends Record> PolicyRequest request(GovernedStep<A> governed, GovernContext<? extends Record> context) {
        return governed.request((GovernContext<A>) context);
    }

    private static <A extends Record> GovernContext<A> context(GovernTask task, GovernedStep<A> governed, Map<String, String> job,
                                                              byte[] evidence) {
        A attributes;
        try {
            attributes = Json.convert(task.attributes(), governed.attributesType());
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new EvidenceRejectedException("the task's attributes are not " + governed.attributesType().getSimpleName() + ": "
                    + Json.problem(e));
        }
        return new GovernContext<>(task.jobId(), task.pipeline(), task.step(), task.attempt(), task.principal(), job,
                attributes, evidence);
    }

    /** The evidence object's bytes, checked against the SHA-256 of its claim check. */
    private byte[] evidence(GovernTask task) {
        String uri = task.evidence().uri();
        S3Location location;
        try {
            location = S3Location.of(uri);
        } catch (IllegalArgumentException e) {
            throw new InvalidTaskException("evidence uri " + uri + " names no object", task.taskToken(), true);
        }
        byte[] bytes;
        try {
            bytes = s3.getObjectAsBytes(b -> b.bucket(location.bucket()).key(location.key())).asByteArray();
        } catch (NoSuchKeyException e) {
            throw new InvalidTaskException("the evidence object " + uri + " does not exist", task.taskToken(), true);
        }
        if (!Digests.sha256Hex(bytes).equals(task.evidence().sha256())) {
            throw new InvalidTaskException("the evidence object " + uri + " does not match the SHA-256 of its claim check",
                    task.taskToken(), true);
        }
        return bytes;
    }

    private static void agree(GovernTask task, String attribute, String claimed, Map<String, AttributeValue> job) {
        if (!claimed.equals(text(job, attribute))) {
            throw new InvalidTaskException("the task's " + attribute + " does not match job " + task.jobId(), task.taskToken(), true);
        }
    }

    private static String text(Map<String, AttributeValue> item, String attribute) {
        AttributeValue v = item.get(attribute);
        return v == null ? null : v.s();
    }
}
