package dev.tandem.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.aws.audit.AuditDigestStore;
import dev.tandem.aws.audit.AuditDigestWriter;
import dev.tandem.aws.audit.AuditLog;
import dev.tandem.aws.audit.LocalDigestSigner;
import dev.tandem.contracts.audit.AuditDigest;
import dev.tandem.contracts.audit.AuditDigests;
import dev.tandem.contracts.audit.AuditEvent;
import dev.tandem.contracts.audit.AuditEventType;
import dev.tandem.contracts.infra.Tables;
import dev.tandem.testsupport.AwsEngines;
import dev.tandem.testsupport.Provisioning;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/** Signed, chained digests of audit heads on the S3 engine, and a job's chain checked against them. */
@AwsEngines
class AuditDigestIT {

    private final DynamoDbClient dynamoDb;
    private final S3Client s3;
    private final Map<String, String> tables;
    private final AuditLog audit;
    private final AuditDigestStore store;
    private final LocalDigestSigner signer;
    private final AuditDigestWriter writer;

    AuditDigestIT(DynamoDbClient dynamoDb, S3Client s3) throws Exception {
        this.dynamoDb = dynamoDb;
        this.s3 = s3;
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        this.tables = Provisioning.createTables(dynamoDb, "digest-" + suffix + "-", Tables.ALL);
        String bucket = "digests-" + suffix;
        s3.createBucket(b -> b.bucket(bucket));
        this.audit = new AuditLog(dynamoDb, tables.get("audit"), tables.get("jobs"));
        this.store = new AuditDigestStore(s3, bucket);
        this.signer = LocalDigestSigner.inDirectory(Files.createTempDirectory("digest-key"));
        this.writer = new AuditDigestWriter(audit, store, signer, Clock.systemUTC());
    }

    private String jobWithEvents(int events) {
        String jobId = UUID.randomUUID().toString();
        dynamoDb.putItem(b -> b.tableName(tables.get("jobs")).item(Map.of("jobId", AttributeValue.fromS(jobId))));
        for (int i = 0; i < events; i++) {
            audit.append(jobId, "test", AuditEventType.REVIEW_REQUESTED, Map.of("i", Integer.toString(i)));
        }
        return jobId;
    }

    @Test
    void digestsOfEndedJobs_chainAndVerify_andCoverEachJobAtItsHead() {
        Instant start = Instant.now().minusSeconds(1);
        String first = jobWithEvents(2);
        String second = jobWithEvents(3);

        AuditDigest one = writer.write(List.of(first));
        AuditDigest heartbeat = writer.write(List.of());
        AuditDigest two = writer.write(List.of(second, "no-such-job"));

        assertThat(List.of(one.sequence(), heartbeat.sequence(), two.sequence())).containsExactly(1L, 2L, 3L);
        assertThat(two.heads()).extracting(AuditDigest.JobHead::jobId).containsExactly(second);
        List<AuditDigest> stored = store.since(start, 100);
        assertThat(stored).extracting(AuditDigest::sequence).containsExactly(1L, 2L, 3L);
        assertThat(AuditDigests.verifyChain(stored, true, signer.check())).isEmpty();
        assertThat(AuditDigests.checkJob(second, audit.events(second), stored).covering()).isEqualTo(1);
        assertThat(AuditDigests.checkJob(second, audit.events(second), stored).valid()).isTrue();
    }

    @Test
    void aChainRewrittenTogetherWithItsAnchoredHead_passesTheTable_butNotTheDigest() {
        String jobId = jobWithEvents(3);
        writer.write(List.of(jobId));
        // An insider with write access to both tables recomputes every hash and the head to match.
        AuditEvent previous = null;
        for (AuditEvent e : audit.events(jobId)) {
            AuditEvent forged = dev.tandem.contracts.audit.AuditChain.next(previous, jobId, e.time(), "forged", e.type(), e.details());
            dynamoDb.putItem(b -> b.tableName(tables.get("audit")).item(AuditLog.toItem(forged)));
            previous = forged;
        }
        AuditEvent last = previous;
        dynamoDb.updateItem(b -> b.tableName(tables.get("jobs")).key(Map.of("jobId", AttributeValue.fromS(jobId)))
                .updateExpression("SET auditHead = :h").expressionAttributeValues(Map.of(":h", AttributeValue.fromM(Map.of(
                        "sequence", AttributeValue.fromN("3"), "hash", AttributeValue.fromS(last.hash()))))));

        assertThat(audit.trail(jobId).verification().valid()).as("the table alone").isTrue();
        AuditDigests.JobCheck check = AuditDigests.checkJob(jobId, audit.events(jobId), store.since(Instant.EPOCH, 100));
        assertThat(check.valid()).isFalse();
        assertThat(check.at()).isEqualTo(3L);
        assertThat(check.problem()).contains("(rewritten)");
    }

    @Test
    void aDeletedDigest_isNamed() {
        String jobId = jobWithEvents(1);
        writer.write(List.of(jobId));
        writer.write(List.of());
        writer.write(List.of());
        s3.deleteObject(b -> b.bucket(store.bucket()).key(AuditDigestStore.key(2)));

        assertThatThrownBy(() -> store.since(Instant.EPOCH, 100)).isInstanceOf(AuditDigestStore.MissingDigestException.class)
                .hasMessageContaining("audit digest 2 (audit-digests/000000000002.json) is missing");
    }
}
