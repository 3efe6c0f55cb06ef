package dev.tandem.functions.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.aws.audit.AuditDigestWriter;
import dev.tandem.contracts.audit.AuditDigest;
import dev.tandem.contracts.infra.ConfigKey;
import dev.tandem.contracts.infra.JobEventNames;
import dev.tandem.contracts.json.Json;
import dev.tandem.functions.config.FunctionsConfig;
import jakarta.inject.Singleton;
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
 * Writes the next audit digest: drains the queue the job-ended events reach (EventBridge rule), writes one signed
 * digest of those jobs' anchored heads (or an empty one when none ended: the chain of digests then shows the writer
 * ran), and deletes the messages only once the digest is stored, so a failed run leaves them for the next.
 */
@Singleton
public class WriteAuditDigest {

    private static final Logger LOG = LoggerFactory.getLogger(WriteAuditDigest.class);
    /** Jobs per digest at most; the rest wait for the next run (every run drains up to this many). */
    static final int MAX_JOBS = 500;

    private final SqsClient sqs;
    private final AuditDigestWriter writer;
    private final String queueUrl;

    public WriteAuditDigest(SqsClient sqs, AuditDigestWriter writer, FunctionsConfig config) {
        this.sqs = sqs;
        this.writer = writer;
        this.queueUrl = FunctionsConfig.required(config.auditDigests().queueUrl(), ConfigKey.AUDIT_DIGEST_QUEUE_URL.environmentVariable());
    }

    public AuditDigest run() {
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
        AuditDigest digest = writer.write(jobIds);
        for (int i = 0; i < received.size(); i += 10) {
            List<Message> slice = received.subList(i, Math.min(received.size(), i + 10));
            sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(slice.stream()
                    .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build()).toList()));
        }
        LOG.info("audit digest written sequence={} jobs={} heads={}", digest.sequence(), jobIds.size(), digest.heads().size());
        return digest;
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
