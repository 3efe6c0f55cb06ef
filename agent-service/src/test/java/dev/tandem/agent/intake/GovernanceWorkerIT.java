package dev.tandem.agent.intake;

import static dev.tandem.agent.support.AgentHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.tandem.agent.support.AgentHarness;
import dev.tandem.contracts.api.DataClassification;
import dev.tandem.contracts.api.Purpose;
import dev.tandem.contracts.audit.AuditChain;
import dev.tandem.contracts.audit.AuditEvent;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.FindingType;
import dev.tandem.contracts.pipeline.GovernTask;
import dev.tandem.contracts.pipeline.Outcome;
import dev.tandem.contracts.pipeline.PayloadRef;
import dev.tandem.contracts.pipeline.PolicyDecision;
import dev.tandem.testsupport.AwsEndpoints;
import dev.tandem.testsupport.AwsEngines;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The agent end to end against ElasticMQ, dynalite, S3Proxy and a recording fake of the Step
 * Functions callback API: the agent runs as its Micronaut application, fed through the real queue.
 */
@AwsEngines
class GovernanceWorkerIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private final AwsEndpoints endpoints;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final S3Client s3;
    private AgentHarness h;

    GovernanceWorkerIT(AwsEndpoints endpoints, DynamoDbClient dynamoDb, SqsClient sqs, S3Client s3) {
        this.endpoints = endpoints;
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.s3 = s3;
    }

    @BeforeEach
    void setUp() {
        h = new AgentHarness(endpoints, dynamoDb, sqs, s3);
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    @Test
    void governedSteps_areDecidedAuditedAndReported_denyIncluded() {
        h.startAgent(Map.of());
        GovernTask contact = h.governedJob(Purpose.SUPPORT_KB, DataClassification.INTERNAL, List.of("submitter"), FindingType.EMAIL, FindingType.PHONE);
        GovernTask training = h.governedJob(Purpose.MODEL_TRAINING, DataClassification.INTERNAL, List.of("submitter"), FindingType.IBAN, FindingType.PAYMENT_CARD);
        GovernTask nationalId = h.governedJob(Purpose.SUPPORT_KB, DataClassification.INTERNAL, List.of("submitter"), FindingType.NATIONAL_ID, FindingType.EMAIL);
        h.send(contact);
        h.send(training);
        h.send(nationalId);

        await("three reports", WAIT, () -> h.sfnCalls("SendTaskSuccess").size() == 3);
        assertThat(reported(contact).outcome()).isEqualTo(Outcome.ALLOW_WITH_REDACTION);
        assertThat(reported(contact).redactionPlan().redact()).containsExactlyInAnyOrder(FindingType.EMAIL, FindingType.PHONE);
        assertThat(reported(training).outcome()).isEqualTo(Outcome.DENY);
        assertThat(reported(nationalId).outcome()).isEqualTo(Outcome.REVIEW_REQUIRED);

        PolicyDecision decision = reported(contact);
        assertThat(decision.policyBundle()).startsWith(dev.tandem.pipelines.documentcompliance.DocumentComplianceGovernance.BUNDLE.version() + "+");
        assertThat(decision.inputHash()).hasSize(64);
        assertThat(decision.agent()).isNotNull();
        assertThat(decision.decidedBy()).isEqualTo("agent:" + decision.agent().id());

        List<AuditEvent> events = h.audit(contact.jobId());
        assertThat(events).extracting(AuditEvent::type).containsExactly("POLICY_DECIDED");
        assertThat(events.getFirst().details()).containsEntry("outcome", "ALLOW_WITH_REDACTION")
                .containsEntry("inputHash", decision.inputHash()).containsEntry("policyBundle", decision.policyBundle())
                .containsEntry("redact", "EMAIL,PHONE").containsKey("agent.identity");
        assertThat(AuditChain.verify(events).valid()).isTrue();
        assertThat(h.caseItem(contact.jobId()).get("state").s()).isEqualTo("REPORTED");
        var progress = h.dynamoDb.getItem(b -> b.tableName(h.tables.get("jobs")).consistentRead(true)
                .key(Map.of("jobId", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(contact.jobId())))).item()
                .get("progress").m().get("Govern").m();
        assertThat(progress.get("state").s()).isEqualTo("SUCCEEDED");
        assertThat(progress.get("endedAt").s()).isEqualTo(decision.decidedAt().toString());
        await("queue drained", WAIT, () -> h.approximateMessages(h.queueUrl) == 0);
    }

    @Test
    void duplicateDelivery_decidesOnce_reportsOnce_andARetriedStepGetsTheStoredDecision() {
        GovernTask task = h.governedJob(Purpose.ANALYTICS, DataClassification.INTERNAL, List.of("submitter"), FindingType.IBAN);
        h.send(task);
        h.send(task);
        h.startAgent(Map.of());

        await("both deliveries handled", WAIT, () -> h.approximateMessages(h.queueUrl) == 0);
        assertThat(h.sfnCalls("SendTaskSuccess")).hasSize(1);
        assertThat(h.audit(task.jobId())).hasSize(1);
        assertThat(h.caseItem(task.jobId()).get("evaluations").n()).isEqualTo("1");

        // The workflow retried the step (new token): same decision, still one evaluation, no new audit event.
        GovernTask retried = new GovernTask("token-retry", task.jobId(), task.pipeline(), task.step(), 1,
                task.principal(), task.correlationId(), task.traceHeader(), task.evidence(), task.attributes());
        h.send(retried);
        await("retried step reported", WAIT, () -> h.sfnCalls("SendTaskSuccess").size() == 2);
        assertThat(reported(retried)).isEqualTo(reported(task));
        assertThat(h.audit(task.jobId())).hasSize(1);
        assertThat(h.caseItem(task.jobId()).get("evaluations").n()).isEqualTo("1");
    }

    @Test
    void crashBetweenDecidingAndReporting_recoversWithTheStoredDecision_once() {
        h.stubSfn("SendTaskSuccess", WireMock.aResponse().withStatus(500).withBody("{\"__type\":\"InternalFailure\"}"));
        ApplicationContext first = h.startAgent(Map.of("tandem.agent.retry-delay", "2s"));
        GovernTask task = h.governedJob(Purpose.SUPPORT_KB, DataClassification.INTERNAL, List.of("submitter"), FindingType.EMAIL);
        h.send(task);
        await("case decided", WAIT, () -> "DECIDED".equals(h.caseState(task.jobId())));
        await("report attempted", WAIT, () -> !h.sfnCalls("SendTaskSuccess").isEmpty());
        first.close();
        String storedDecision = h.caseItem(task.jobId()).get("decision").s();

        h.stubSfn("SendTaskSuccess", WireMock.aResponse().withStatus(200).withBody("{}"));
        h.aws.resetRequests();
        h.startAgent(Map.of("tandem.agent.visibility-timeout", "1s", "tandem.agent.heartbeat-interval", "200ms"));
        await("recovered and reported", WAIT, () -> "REPORTED".equals(h.caseState(task.jobId())));

        assertThat(h.sfnCalls("SendTaskSuccess")).hasSize(1);
        assertThat(reported(task)).isEqualTo(Json.read(storedDecision, PolicyDecision.class));
        assertThat(h.audit(task.jobId())).extracting(AuditEvent::type).containsExactly("POLICY_DECIDED");
        assertThat(h.caseItem(task.jobId()).get("evaluations").n()).isEqualTo("1");
    }

    @Test
    void killSwitchOn_failsTheTaskWithoutEvaluating_andAuditsIt() {
        h.killSwitch(true);
        h.startAgent(Map.of());
        GovernTask task = h.governedJob(Purpose.SUPPORT_KB, DataClassification.INTERNAL, List.of("submitter"), FindingType.EMAIL);
        h.send(task);

        await("task failed", WAIT, () -> h.sfnCalls("SendTaskFailure").size() == 1);
        JsonNode failure = h.sfnCalls("SendTaskFailure").getFirst();
        assertThat(failure.path("taskToken").asText()).isEqualTo(task.taskToken());
        assertThat(failure.path("error").asText()).isEqualTo("Tandem.KillSwitch");
        assertThat(h.sfnCalls("SendTaskSuccess")).isEmpty();
        assertThat(h.audit(task.jobId())).extracting(AuditEvent::type).containsExactly("GOVERNANCE_HALTED");
        assertThat(h.caseState(task.jobId())).isNull();
        await("message settled", WAIT, () -> h.approximateMessages(h.queueUrl) == 0);
    }

    @Test
    void poisonMessages_failTheirTask_endInTheDlq_andNeverStallTheWorker() {
        h.startAgent(Map.of());
        GovernTask unknownJob = new GovernTask("token-unknown", "00000000-0000-0000-0000-000000000000", "document-compliance", "Govern", 0,
                h.governedJob(Purpose.SUPPORT_KB, DataClassification.INTERNAL, List.of("submitter")).principal(), "corr", null,
                new PayloadRef("findings", "s3://" + h.bucket + "/nothing.json", "0".repeat(64), 2),
                AgentHarness.attributes(0.5, List.of(FindingType.EMAIL)));
        GovernTask tampered = h.governedJob(Purpose.SUPPORT_KB, DataClassification.INTERNAL, List.of("submitter"), FindingType.EMAIL);
        GovernTask tamperedRef = new GovernTask(tampered.taskToken(), tampered.jobId(), tampered.pipeline(), tampered.step(), 0,
                tampered.principal(), tampered.correlationId(), null, new PayloadRef("findings", tampered.evidence().uri(), "f".repeat(64), 1),
                tampered.attributes());
        h.send("this is not json");
        h.send("{\"taskToken\":\"token-half\",\"jobId\":\"x\"}");
        h.send(unknownJob);
        h.send(tamperedRef);

        await("four poison messages in the DLQ", Duration.ofSeconds(40), () -> h.approximateMessages(h.dlqUrl) == 4);
        assertThat(h.sfnCalls("SendTaskFailure")).extracting(n -> n.path("taskToken").asText())
                .contains("token-half", "token-unknown", tampered.taskToken())
                .doesNotContain("this is not json");
        assertThat(h.sfnCalls("SendTaskFailure")).allSatisfy(n -> assertThat(n.path("error").asText()).isEqualTo("Tandem.InvalidTask"));
        assertThat(h.sfnCalls("SendTaskFailure")).filteredOn(n -> n.path("taskToken").asText().equals("token-unknown"))
                .allSatisfy(n -> assertThat(n.path("cause").asText()).contains("does not exist"));
        assertThat(h.sfnCalls("SendTaskFailure")).filteredOn(n -> n.path("taskToken").asText().equals("token-half"))
                .allSatisfy(n -> assertThat(n.path("cause").asText()).startsWith("the message is not a Govern task"));
        assertThat(h.audit(unknownJob.jobId())).isEmpty();
        assertThat(h.audit(tampered.jobId())).extracting(AuditEvent::type).containsExactly("GOVERNANCE_REJECTED_TASK");
        assertThat(h.sfnCalls("SendTaskSuccess")).isEmpty();

        GovernTask healthy = h.governedJob(Purpose.SUPPORT_KB, DataClassification.INTERNAL, List.of("submitter"), FindingType.EMAIL);
        h.send(healthy);
        await("the worker still works", WAIT, () -> h.sfnCalls("SendTaskSuccess").size() == 1);
    }

    @Test
    void tasksTheGovernedStepRefuses_orNoPipelineGoverns_failTheirTask_namingWhy() {
        h.startAgent(Map.of());
        // The attributes claim fewer finding types than the findings object holds: the pipeline's governed step refuses.
        GovernTask real = h.governedJob(Purpose.SUPPORT_KB, DataClassification.INTERNAL, List.of("submitter"), FindingType.EMAIL,
                FindingType.NATIONAL_ID);
        GovernTask understated = new GovernTask("token-understated", real.jobId(), real.pipeline(), real.step(), 0, real.principal(),
                real.correlationId(), null, real.evidence(), AgentHarness.attributes(0.2, List.of(FindingType.EMAIL)));
        // A step no registered pipeline places on the agent.
        GovernTask other = h.governedJob(Purpose.SUPPORT_KB, DataClassification.INTERNAL, List.of("submitter"), FindingType.EMAIL);
        GovernTask unrouted = new GovernTask("token-unrouted", other.jobId(), other.pipeline(), "Assess", 0, other.principal(),
                other.correlationId(), null, other.evidence(), other.attributes());
        h.send(understated);
        h.send(unrouted);

        // An invalid task is redelivered until the DLQ takes it; each delivery tells the workflow again.
        await("both refused", WAIT, () -> h.sfnCalls("SendTaskFailure").stream().map(n -> n.path("taskToken").asText()).distinct().count() == 2);
        assertThat(h.sfnCalls("SendTaskFailure")).filteredOn(n -> n.path("taskToken").asText().equals("token-understated"))
                .isNotEmpty().allSatisfy(n -> {
                    assertThat(n.path("error").asText()).isEqualTo("Tandem.InvalidTask");
                    assertThat(n.path("cause").asText()).contains("do not match the findings object");
                });
        assertThat(h.sfnCalls("SendTaskFailure")).filteredOn(n -> n.path("taskToken").asText().equals("token-unrouted"))
                .isNotEmpty().allSatisfy(n -> assertThat(n.path("cause").asText())
                        .contains("places step Assess on the agent").contains("document-compliance/Govern"));
        // The refusal is audited after the workflow is told.
        await("refusal audited", WAIT, () -> !h.audit(real.jobId()).isEmpty());
        assertThat(h.audit(real.jobId())).extracting(AuditEvent::type).containsExactly("GOVERNANCE_REJECTED_TASK");
        assertThat(h.sfnCalls("SendTaskSuccess")).isEmpty();
    }

    @Test
    void gracefulShutdown_letsTheInFlightStepFinish_andReportsItOnce() throws Exception {
        h.stubSfn("SendTaskSuccess", WireMock.aResponse().withStatus(200).withBody("{}").withFixedDelay(1500));
        ApplicationContext agent = h.startAgent(Map.of());
        GovernTask task = h.governedJob(Purpose.SUPPORT_KB, DataClassification.INTERNAL, List.of("submitter"), FindingType.PHONE);
        h.send(task);
        await("step in flight (heartbeats sent)", WAIT, () -> !h.sfnCalls("SendTaskHeartbeat").isEmpty());

        agent.close();

        assertThat(h.caseItem(task.jobId()).get("state").s()).isEqualTo("REPORTED");
        assertThat(h.sfnCalls("SendTaskSuccess")).hasSize(1);
        assertThat(h.sfnCalls("SendTaskHeartbeat")).allSatisfy(n -> assertThat(n.path("taskToken").asText()).isEqualTo(task.taskToken()));
        assertThat(h.approximateMessages(h.queueUrl)).isZero();
    }

    @Test
    void shutdownPastTheGracePeriod_releasesTheUnfinishedMessageAtOnce_andTheNextAgentFinishesIt() {
        h.stubSfn("SendTaskSuccess", WireMock.aResponse().withStatus(200).withBody("{}").withFixedDelay(4000));
        ApplicationContext first = h.startAgent(Map.of("tandem.agent.shutdown-grace", "300ms",
                "tandem.agent.visibility-timeout", "60s", "tandem.agent.heartbeat-interval", "250ms"));
        GovernTask task = h.governedJob(Purpose.SUPPORT_KB, DataClassification.INTERNAL, List.of("submitter"), FindingType.PHONE);
        h.send(task);
        await("case decided, report in flight", WAIT, () -> "DECIDED".equals(h.caseState(task.jobId())));
        first.close();

        h.stubSfn("SendTaskSuccess", WireMock.aResponse().withStatus(200).withBody("{}"));
        long restarted = System.nanoTime();
        h.startAgent(Map.of());
        // Without the release the message would stay hidden for the 60 s visibility timeout.
        await("taken over well before the visibility timeout", Duration.ofSeconds(20),
                () -> "REPORTED".equals(h.caseState(task.jobId())));
        assertThat(Duration.ofNanos(System.nanoTime() - restarted)).isLessThan(Duration.ofSeconds(30));
        assertThat(h.audit(task.jobId())).extracting(AuditEvent::type).containsExactly("POLICY_DECIDED");
        assertThat(h.caseItem(task.jobId()).get("evaluations").n()).isEqualTo("1");
    }

    private PolicyDecision reported(GovernTask task) {
        return h.sfnCalls("SendTaskSuccess").stream().filter(n -> n.path("taskToken").asText().equals(task.taskToken()))
                .map(n -> Json.read(n.path("output").asText(), PolicyDecision.class)).reduce((a, b) -> {
                    throw new AssertionError("reported twice to " + task.taskToken());
                }).orElseThrow(() -> new AssertionError("no report to " + task.taskToken()));
    }
}
