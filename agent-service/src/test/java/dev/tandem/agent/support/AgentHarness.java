package dev.tandem.agent.support;

import dev.tandem.aws.jobs.JobItems;
import dev.tandem.contracts.pipeline.spi.LibraryInputs;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tandem.aws.audit.AuditLog;
import dev.tandem.contracts.Digests;
import dev.tandem.contracts.api.DataClassification;
import dev.tandem.contracts.api.Purpose;
import dev.tandem.contracts.audit.AuditEvent;
import dev.tandem.contracts.infra.Tables;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.Finding;
import dev.tandem.contracts.pipeline.FindingType;
import dev.tandem.contracts.pipeline.GovernTask;
import dev.tandem.contracts.pipeline.PayloadRef;
import dev.tandem.contracts.pipeline.WorkflowInput;
import dev.tandem.testsupport.AwsEndpoints;
import dev.tandem.testsupport.Provisioning;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One agent under test: its own tables, governance queue with a dead-letter queue, bucket, and a
 * WireMock fake of the Step Functions callback API and of SSM (the kill switch), recording calls.
 * The agent itself runs in-process as the Micronaut application it is in production.
 */
public final class AgentHarness implements AutoCloseable {

    public static final int MAX_RECEIVE_COUNT = 3;
    private static final String SFN = "AWSStepFunctions.";

    public final AwsEndpoints endpoints;
    public final DynamoDbClient dynamoDb;
    public final SqsClient sqs;
    public final S3Client s3;
    public final Map<String, String> tables;
    public final String queueUrl;
    public final String dlqUrl;
    public final String bucket;
    public final WireMockServer aws = new WireMockServer(options().dynamicPort().containerThreads(40));
    public final AuditLog audit;
    private final List<ApplicationContext> agents = new ArrayList<>();

    public AgentHarness(AwsEndpoints endpoints, DynamoDbClient dynamoDb, SqsClient sqs, S3Client s3) {
        this.endpoints = endpoints;
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.s3 = s3;
        String prefix = "agent-" + UUID.randomUUID().toString().substring(0, 8);
        this.tables = Provisioning.createTables(dynamoDb, prefix + "-", Tables.ALL);
        this.dlqUrl = sqs.createQueue(b -> b.queueName(prefix + "-governance-dlq")).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        this.queueUrl = sqs.createQueue(b -> b.queueName(prefix + "-governance").attributes(Map.of(
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"" + MAX_RECEIVE_COUNT + "\"}")))
                .queueUrl();
        this.bucket = prefix + "-documents";
        s3.createBucket(b -> b.bucket(bucket));
        this.audit = new AuditLog(dynamoDb, tables.get("audit"), tables.get("jobs"));
        aws.start();
        stubSfn("SendTaskSuccess", aResponse().withStatus(200).withBody("{}"));
        stubSfn("SendTaskFailure", aResponse().withStatus(200).withBody("{}"));
        stubSfn("SendTaskHeartbeat", aResponse().withStatus(200).withBody("{}"));
        killSwitch(false);
    }

    /** Starts an agent with test timings; {@code overrides} win. */
    public ApplicationContext startAgent(Map<String, Object> overrides) {
        Map<String, Object> p = new HashMap<>();
        p.put("aws.region", endpoints.region().id());
        p.put("tandem.access-key-id", endpoints.accessKeyId());
        p.put("tandem.secret-access-key", endpoints.secretAccessKey());
        p.put("tandem.endpoints.dynamodb", endpoints.dynamoDb().toString());
        p.put("tandem.endpoints.sqs", endpoints.sqs().toString());
        p.put("tandem.endpoints.s3", endpoints.s3().toString());
        p.put("tandem.endpoints.sfn", aws.baseUrl());
        p.put("tandem.endpoints.ssm", aws.baseUrl());
        p.put("tandem.table.jobs", tables.get("jobs"));
        p.put("tandem.table.cases", tables.get("cases"));
        p.put("tandem.table.audit", tables.get("audit"));
        p.put("tandem.agent.queue-url", queueUrl);
        p.put("tandem.agent.wait-time", "1s");
        p.put("tandem.agent.visibility-timeout", "3s");
        p.put("tandem.agent.heartbeat-interval", "250ms");
        p.put("tandem.agent.retry-delay", "0s");
        p.put("tandem.agent.shutdown-grace", "10s");
        p.put("tandem.kill-switch-cache-ttl", "0s");
        p.put("micronaut.server.port", -1);
        p.putAll(overrides);
        // The embedded server too, as Application.main starts it: /health and /ready are part of the agent.
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, p);
        agents.add(server.getApplicationContext());
        return server.getApplicationContext();
    }

    public void stubSfn(String operation, ResponseDefinitionBuilder response) {
        aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(SFN + operation))
                .willReturn(response.withHeader("Content-Type", "application/x-amz-json-1.0")));
    }

    public void killSwitch(boolean on) {
        aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter"))
                .willReturn(on
                        ? aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                                .withBody("{\"Parameter\":{\"Name\":\"/tandem/kill-switch/document-compliance\",\"Type\":\"String\",\"Value\":\"on\",\"Version\":1}}")
                        : aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                                .withBody("{\"__type\":\"ParameterNotFound\",\"message\":\"Parameter not found\"}")));
    }

    public List<JsonNode> sfnCalls(String operation) {
        List<JsonNode> calls = new ArrayList<>();
        for (LoggedRequest r : aws.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(SFN + operation)))) {
            calls.add(Json.read(r.getBodyAsString(), JsonNode.class));
        }
        return calls;
    }

    /** A submitted job as the API writes it, with findings as Assess writes them; returns the Govern task. */
    public GovernTask governedJob(Purpose purpose, DataClassification classification, List<String> roles, FindingType... types) {
        String jobId = UUID.randomUUID().toString();
        String owner = "user-" + jobId.substring(0, 6);
        Map<String, AttributeValue> job = new HashMap<>();
        job.put("jobId", AttributeValue.fromS(jobId));
        job.put("pipeline", AttributeValue.fromS("document-compliance"));
        job.put("owner", AttributeValue.fromS(owner));
        job.put(dev.tandem.contracts.infra.Tables.Jobs.ATTRIBUTES, JobItems.toAttributeValue(Map.of(LibraryInputs.PURPOSE, purpose.wireName(),
                LibraryInputs.DATA_CLASSIFICATION, classification.wireName())));
        job.put("status", AttributeValue.fromS("RUNNING"));
        job.put("createdAt", AttributeValue.fromS(Instant.now().toString()));
        job.put("progress", AttributeValue.fromM(Map.of()));
        dynamoDb.putItem(b -> b.tableName(tables.get("jobs")).item(job));
        List<Finding> findings = new ArrayList<>();
        long at = 0;
        for (FindingType t : types) {
            findings.add(new Finding(t, at, at + 10, "test", 0.99));
            at += 20;
        }
        byte[] bytes = Json.write(findings).getBytes(StandardCharsets.UTF_8);
        String key = "jobs/" + jobId + "/findings.json";
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromBytes(bytes));
        PayloadRef ref = new PayloadRef("findings", "s3://" + bucket + "/" + key, Digests.sha256Hex(bytes), bytes.length);
        return new GovernTask("token-" + UUID.randomUUID(), jobId, "document-compliance", "Govern", 0,
                new WorkflowInput.Principal(owner, roles, "tenant-a"), "corr-" + jobId.substring(0, 8),
                "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1", ref,
                attributes(types.length == 0 ? 0.0 : 0.6, List.copyOf(new LinkedHashSet<>(List.of(types)))));
    }

    /** The reference pipeline's governed-step attributes, as the workflow sends them. */
    public static com.fasterxml.jackson.databind.JsonNode attributes(double riskScore, List<FindingType> types) {
        return Json.mapper().valueToTree(new dev.tandem.pipelines.documentcompliance.DocumentComplianceGovernance.Attributes(riskScore, types));
    }

    public void send(GovernTask task) {
        send(Json.write(task));
    }

    public void send(String body) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
    }

    public List<AuditEvent> audit(String jobId) {
        return audit.events(jobId);
    }

    public Map<String, AttributeValue> caseItem(String jobId) {
        return caseItem(jobId, "Govern");
    }

    public Map<String, AttributeValue> caseItem(String jobId, String step) {
        return dynamoDb.getItem(b -> b.tableName(tables.get("cases")).consistentRead(true)
                .key(Map.of("caseId", AttributeValue.fromS(jobId + "#" + step)))).item();
    }

    /** The case's state, or null before the case exists. */
    public String caseState(String jobId) {
        Map<String, AttributeValue> item = caseItem(jobId);
        return item == null || item.isEmpty() ? null : item.get("state").s();
    }

    public int approximateMessages(String url) {
        var attributes = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
    }

    @Override
    public void close() {
        for (ApplicationContext c : agents) {
            if (c.isRunning()) {
                c.close();
            }
        }
        aws.stop();
    }
}
