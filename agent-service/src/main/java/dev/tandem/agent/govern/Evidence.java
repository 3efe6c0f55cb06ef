package dev.tandem.agent.govern;

import dev.tandem.agent.config.AgentConfig;
import dev.tandem.agent.policy.PolicyInput;
import dev.tandem.aws.jobs.JobProgress;
import dev.tandem.contracts.Digests;
import dev.tandem.contracts.api.StepProgress;
import java.time.Instant;
import org.slf4j.LoggerFactory;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.Finding;
import dev.tandem.contracts.pipeline.FindingType;
import dev.tandem.contracts.pipeline.GovernTask;
import dev.tandem.contracts.pipeline.S3Location;
import jakarta.inject.Singleton;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Builds the policy input from what the agent can check rather than from what the message claims:
 * the job record (owner, purpose, classification, pipeline) and the findings object, whose SHA-256
 * must match its claim check. A message that disagrees with either is an invalid task.
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

    public PolicyInput gather(GovernTask task) {
        Map<String, AttributeValue> job = dynamoDb.getItem(b -> b.tableName(jobsTable).consistentRead(true)
                .key(Map.of("jobId", AttributeValue.fromS(task.jobId())))
                .projectionExpression("jobId, #owner, purpose, dataClassification, pipeline")
                .expressionAttributeNames(Map.of("#owner", "owner"))).item();
        if (job == null || job.isEmpty()) {
            throw new InvalidTaskException("job " + task.jobId() + " does not exist", task.taskToken(), false);
        }
        agree(task, "pipeline", task.pipeline(), job);
        agree(task, "purpose", task.purpose().wireName(), job);
        agree(task, "dataClassification", task.dataClassification().wireName(), job);
        if (!task.principal().subject().equals(text(job, "owner"))) {
            throw new InvalidTaskException("the task's principal is not the owner of job " + task.jobId(), task.taskToken(), true);
        }
        Set<FindingType> types = findingTypes(task);
        if (!types.equals(task.findingTypes().isEmpty() ? Set.of() : EnumSet.copyOf(task.findingTypes()))) {
            throw new InvalidTaskException("the task's finding types " + task.findingTypes() + " do not match the findings object "
                    + types, task.taskToken(), true);
        }
        return new PolicyInput(task.jobId(), task.principal().subject(), task.principal().roles(), task.principal().tenant(),
                task.purpose(), task.dataClassification(), types, task.riskScore());
    }

    private Set<FindingType> findingTypes(GovernTask task) {
        String uri = task.findings().uri();
        S3Location location;
        try {
            location = S3Location.of(uri);
        } catch (IllegalArgumentException e) {
            throw new InvalidTaskException("findings uri " + uri + " names no object", task.taskToken(), true);
        }
        byte[] bytes;
        try {
            bytes = s3.getObjectAsBytes(b -> b.bucket(location.bucket()).key(location.key())).asByteArray();
        } catch (NoSuchKeyException e) {
            throw new InvalidTaskException("the findings object " + uri + " does not exist", task.taskToken(), true);
        }
        if (!Digests.sha256Hex(bytes).equals(task.findings().sha256())) {
            throw new InvalidTaskException("the findings object " + uri + " does not match the SHA-256 of its claim check",
                    task.taskToken(), true);
        }
        Finding[] findings;
        try {
            findings = Json.read(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), Finding[].class);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new InvalidTaskException("the findings object " + uri + " is not a findings list", task.taskToken(), true);
        }
        Set<FindingType> types = EnumSet.noneOf(FindingType.class);
        for (Finding f : findings) {
            types.add(f.type());
        }
        return types;
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
