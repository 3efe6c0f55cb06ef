package dev.tandem.aws;

import dev.tandem.contracts.audit.AuditEventType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.aws.audit.AuditLog;
import dev.tandem.contracts.audit.AuditChain;
import dev.tandem.contracts.audit.AuditEvent;
import dev.tandem.contracts.audit.AuditHead;
import dev.tandem.contracts.audit.ChainVerification;
import dev.tandem.contracts.infra.Tables;
import dev.tandem.testsupport.AwsEngines;
import dev.tandem.testsupport.Provisioning;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

@AwsEngines
class AuditLogIT {

    private final DynamoDbClient dynamoDb;
    private final Map<String, String> tables;
    private final AuditLog log;

    AuditLogIT(DynamoDbClient dynamoDb) {
        this.dynamoDb = dynamoDb;
        this.tables = Provisioning.createTables(dynamoDb, "auditlog-" + UUID.randomUUID().toString().substring(0, 8) + "-", Tables.ALL);
        this.log = new AuditLog(dynamoDb, tables.get("audit"), tables.get("jobs"));
    }

    /** A job record, as the API writes one before anything is audited. */
    private String newJob() {
        String jobId = UUID.randomUUID().toString();
        dynamoDb.putItem(b -> b.tableName(tables.get("jobs")).item(Map.of("jobId", AttributeValue.fromS(jobId),
                "status", AttributeValue.fromS("RUNNING"))));
        return jobId;
    }

    @Test
    void everyAppend_advancesTheJobRecordsHead_andTheTrailVerifiesAgainstIt() {
        String jobId = newJob();
        log.append(jobId, "test", AuditEventType.REVIEW_REQUESTED, Map.of());
        AuditEvent last = log.append(jobId, "test", AuditEventType.REVIEW_APPROVED, Map.of());

        assertThat(log.anchoredHead(jobId)).isEqualTo(AuditHead.of(last));
        ChainVerification verification = log.trail(jobId).verification();
        assertThat(verification.valid()).isTrue();
        assertThat(verification.anchoredHead()).isEqualTo(new AuditHead(2, last.hash()));
    }

    @Test
    void deletingTheLastEvent_isDetected_andTheTruncatedChainTakesNoFurtherEvent() {
        String jobId = newJob();
        for (int i = 0; i < 3; i++) {
            log.append(jobId, "test", AuditEventType.REVIEW_REQUESTED, Map.of("i", Integer.toString(i)));
        }
        dynamoDb.deleteItem(b -> b.tableName(tables.get("audit")).key(Map.of("jobId", AttributeValue.fromS(jobId),
                "sequence", AttributeValue.fromN("3"))));

        ChainVerification verification = log.trail(jobId).verification();
        assertThat(verification.valid()).isFalse();
        assertThat(verification.firstBrokenSequence()).isEqualTo(3L);
        assertThat(verification.problem()).startsWith("events 3 to 3 are missing");

        assertThatThrownBy(() -> log.append(jobId, "test", AuditEventType.REVIEW_APPROVED, Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not end where its job record says");
        assertThat(log.events(jobId)).hasSize(2);
    }

    @Test
    void aJobWithoutARecord_isNotAudited() {
        String jobId = UUID.randomUUID().toString();

        assertThatThrownBy(() -> log.append(jobId, "test", AuditEventType.REVIEW_REQUESTED, Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("or the job has no record");
        assertThat(log.events(jobId)).isEmpty();
    }

    @Test
    void appendAtomically_whenTheOtherItemFailsItsCondition_writesNeitherAndSaysWhy() {
        String jobId = newJob();
        log.append(jobId, "test", AuditEventType.REVIEW_REQUESTED, Map.of());
        TransactWriteItem guarded = caseItem(jobId, "attribute_exists(caseId)");

        assertThatThrownBy(() -> log.appendAtomically(jobId, "agent:test", AuditEventType.POLICY_DECIDED, Map.of(), List.of(guarded)))
                .isInstanceOf(TransactionCanceledException.class);

        assertThat(log.events(jobId)).extracting(AuditEvent::type).containsExactly("REVIEW_REQUESTED");
        assertThat(dynamoDb.getItem(b -> b.tableName(tables.get("cases")).key(Map.of("caseId", AttributeValue.fromS(jobId)))).hasItem())
                .isFalse();
    }

    @Test
    void appendAtomically_writesTheEventAndTheItemTogether() {
        String jobId = newJob();
        AuditEvent event = log.appendAtomically(jobId, "agent:test", AuditEventType.POLICY_DECIDED, Map.of("outcome", "ALLOW"),
                List.of(caseItem(jobId, "attribute_not_exists(caseId)")));

        assertThat(event.sequence()).isEqualTo(1);
        assertThat(log.events(jobId)).containsExactly(event);
        assertThat(dynamoDb.getItem(b -> b.tableName(tables.get("cases")).key(Map.of("caseId", AttributeValue.fromS(jobId)))).hasItem())
                .isTrue();
    }

    @Test
    void plainAndTransactionalWriters_racingOnOneChain_leaveItGapFreeAndValid() throws Exception {
        String jobId = newJob();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<AuditEvent>> writers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int n = i;
                writers.add(n % 2 == 0
                        ? () -> log.append(jobId, "writer-" + n, AuditEventType.REVIEW_APPROVED, Map.of("n", Integer.toString(n)))
                        : () -> log.appendAtomically(jobId, "writer-" + n, AuditEventType.POLICY_DECIDED, Map.of("n", Integer.toString(n)),
                                List.of(caseItem(jobId + "#" + n, "attribute_not_exists(caseId)"))));
            }
            for (Future<AuditEvent> f : pool.invokeAll(writers)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<AuditEvent> events = log.events(jobId);
        assertThat(events).hasSize(12);
        assertThat(events).extracting(AuditEvent::sequence).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
        assertThat(AuditChain.verify(events, log.anchoredHead(jobId)).valid()).isTrue();
        assertThat(log.anchoredHead(jobId).sequence()).isEqualTo(12);
    }

    private TransactWriteItem caseItem(String caseId, String condition) {
        return TransactWriteItem.builder().put(Put.builder().tableName(tables.get("cases"))
                .item(Map.of("caseId", AttributeValue.fromS(caseId))).conditionExpression(condition).build()).build();
    }
}
