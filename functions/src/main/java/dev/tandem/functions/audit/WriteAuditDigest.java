package dev.tandem.functions.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.aws.audit.AuditDigestWriter;
import dev.tandem.contracts.audit.AuditDigest;
import dev.tandem.contracts.infra.ConfigKey;
import dev.tandem.contracts.infra.JobEventNames;
import dev.tandem.contracts.json.Json;
import dev.tandem.functions.config.FunctionsConfig;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Writes the next audit digests: drains the queue the job-ended events reach (EventBridge rule), writes signed
 * digests of those jobs' anchored heads, up to {@value #MAX_JOBS} a digest (or an empty one when none ended: the chain
 * of digests then shows the writer ran), and deletes the messages only once their digest is stored, so a failed run
 * leaves them for the next.
 */
@Singleton
public class WriteAuditDigest {

    private static final Logger LOG = LoggerFactory.getLogger(WriteAuditDigest.class);
    /** Jobs per digest at most; a run writes as many digests as the queue holds batches, within {@link #RUN_BUDGET}. */
    static final int MAX_JOBS = 500;
    /** How long a run keeps draining (the function's timeout is 60 s): past it, the rest waits for the next run. */
    static final Duration RUN_BUDGET = Duration.ofSeconds(40);

    private final SqsClient sqs;
    private final AuditDigestWriter writer;
    private final String queueUrl;

    public WriteAuditDigest(SqsClient sqs, AuditDigestWriter writer, FunctionsConfig config) {
        this.sqs = sqs;
        this.writer = writer;
        this.queueUrl = FunctionsConfig.required(config.auditDigests().queueUrl(), ConfigKey.AUDIT_DIGEST_QUEUE_URL.environmentVariable());
    }

    /**
     * Writes digests until the queue is drained (at least one, empty when nothing ended) or the run's budget is spent,
     * so a burst of ended jobs is covered within one period whatever its size.
     *
     * @return the digests written, in order
     */
    public List<AuditDigest> run() {
        long deadline = System.nanoTime() + RUN_BUDGET.toNanos();
        List<AuditDigest> written = new ArrayList<>();
        while (true) {
            Batch batch = receive();
            AuditDigest digest = writer.write(batch.jobIds());
            delete(batch.messages());
            written.add(digest);
            LOG.info("audit digest written sequence={} jobs={} heads={}", digest.sequence(), batch.jobIds().size(), digest.heads().size());
            if (batch.jobIds().size() < MAX_JOBS || System.nanoTime() > deadline) {
                return written;
            }
        }
    }

    private record Batch(Set<String> jobIds, List<Message> messages) {
    }

    /** Up to {@link #MAX_JOBS} ended jobs from the queue. */
    private Batch receive() {
        Set<String> jobIds = new LinkedHashSet<>();
        List<Message> received = new ArrayList<>();
        while (jobIds.size() < MAX_JOBS) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)
                    .visibilityTimeout(120)).messages();
            if (batch.isEmpty()) {
                break;
            }
            received.addAll(batch);
            batch.forEach(m -> {
                String jobId = jobIdOf(m.body());
                if (jobId != null) {
                    jobIds.add(jobId);
                }
            });
        }
        return new Batch(jobIds, received);
    }

    /** Once the digest covering them is stored: a failed run leaves its messages to reappear for the next. */
    private void delete(List<Message> messages) {
        for (int i = 0; i < messages.size(); i += 10) {
            List<Message> slice = messages.subList(i, Math.min(messages.size(), i + 10));
            sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(slice.stream()
                    .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build()).toList()));
        }
    }

    /** The job of a job-ended event (EventBridge's envelope: {@code detail.jobId}, else its job resource). */
    static String jobIdOf(String body) {
        JsonNode event;
        try {
            event = Json.read(body, JsonNode.class);
        } catch (RuntimeException e) {
            LOG.warn("a message on the digest queue is not an event; left out");
            return null;
        }
        String jobId = event.path("detail").path("jobId").asText(null);
        if (jobId != null) {
            return jobId;
        }
        for (JsonNode resource : event.path("resources")) {
            if (resource.asText().startsWith(JobEventNames.JOB_RESOURCE_PREFIX)) {
                return resource.asText().substring(JobEventNames.JOB_RESOURCE_PREFIX.length());
            }
        }
        return null;
    }
}
