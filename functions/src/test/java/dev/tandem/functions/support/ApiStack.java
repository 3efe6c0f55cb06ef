package dev.tandem.functions.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.tandem.contracts.infra.Tables;
import dev.tandem.testsupport.AwsEndpoints;
import dev.tandem.testsupport.Provisioning;
import io.micronaut.context.ApplicationContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The API's dependencies for integration tests: Tandem's tables and bucket on the test backend
 * (dynalite, S3Proxy), and a WireMock fake of the two AWS APIs without a local engine here,
 * Step Functions and SSM Parameter Store, speaking their real JSON wire protocols and recording calls.
 */
public final class ApiStack implements AutoCloseable {

    public static final String SFN_TARGET = "AWSStepFunctions.";
    /** The state machine of a pipeline, as the harness configures SubmitJob for every registered pipeline. */
    public static String stateMachineArn(String pipeline) {
        return "arn:aws:states:us-east-1:123456789012:stateMachine:" + pipeline;
    }

    /** The example pipeline's state machine (the pipeline these tests register). */
    public static final String STATE_MACHINE_ARN = stateMachineArn("example");

    public final WireMockServer aws;
    public final ApplicationContext context;
    public final Map<String, String> tables;
    public final String bucket;
    public final DynamoDbClient dynamoDb;
    public final S3Client s3;

    private ApiStack(WireMockServer aws, ApplicationContext context, Map<String, String> tables, String bucket,
                     DynamoDbClient dynamoDb, S3Client s3) {
        this.aws = aws;
        this.context = context;
        this.tables = tables;
        this.bucket = bucket;
        this.dynamoDb = dynamoDb;
        this.s3 = s3;
    }

    public static ApiStack start(AwsEndpoints endpoints, DynamoDbClient dynamoDb, S3Client s3) {
        String prefix = "it" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> tables = Provisioning.createTables(dynamoDb, prefix, Tables.ALL);
        String bucket = prefix + "-documents";
        s3.createBucket(b -> b.bucket(bucket));

        WireMockServer aws = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        aws.start();
        String fake = "http://127.0.0.1:" + aws.port();
        Map<String, Object> properties = new HashMap<>();
        properties.put("aws.region", endpoints.region().id());
        properties.put("tandem.access-key-id", endpoints.accessKeyId());
        properties.put("tandem.secret-access-key", endpoints.secretAccessKey());
        properties.put("tandem.endpoints.dynamodb", endpoints.dynamoDb().toString());
        properties.put("tandem.endpoints.s3", endpoints.s3().toString());
        properties.put("tandem.endpoints.sfn", fake);
        properties.put("tandem.endpoints.ssm", fake);
        properties.put("tandem.endpoints.eventbridge", fake);
        properties.put("tandem.endpoints.bedrock", fake);
        properties.put("tandem.bucket", bucket);
        Map<String, String> stateMachines = new java.util.LinkedHashMap<>();
        dev.tandem.contracts.pipeline.spi.Pipelines.all().forEach(p -> stateMachines.put(p.name(), stateMachineArn(p.name())));
        properties.put(dev.tandem.contracts.infra.ConfigKey.STATE_MACHINE_ARNS.property(), dev.tandem.contracts.infra.NamedValues.format(stateMachines));
        properties.put("tandem.kill-switch-cache-ttl", "200ms");
        try {
            properties.put(dev.tandem.contracts.infra.ConfigKey.API_CURSOR_KEY.property(), dev.tandem.contracts.infra.ConfigKey.LOCAL_KEY_PREFIX
                    + java.nio.file.Files.createTempDirectory("tandem-cursor-key"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        tables.forEach((logical, physical) -> properties.put("tandem.table." + logical, physical));
        ApiStack stack = new ApiStack(aws, ApplicationContext.builder().properties(properties).start(), tables, bucket, dynamoDb, s3);
        stack.resetFakes();
        return stack;
    }

    /** Default fake behaviour: executions start, task callbacks succeed, no kill switch parameter. */
    public void resetFakes() {
        aws.resetAll();
        stubSfn("StartExecution", 200, "{\"executionArn\":\"" + STATE_MACHINE_ARN.replace(":stateMachine:", ":execution:")
                + ":run\",\"startDate\":1.7952E9}");
        stubSfn("SendTaskSuccess", 200, "{}");
        killSwitch(false);
        aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSEvents.PutEvents"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody("{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"e-1\"}]}")));
    }

    public List<LoggedRequest> events() {
        return aws.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSEvents.PutEvents")));
    }

    public void stubSfn(String operation, int status, String body) {
        aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(SFN_TARGET + operation))
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.0").withBody(body)));
    }

    public void killSwitch(boolean on) {
        aws.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AmazonSSM.GetParameter"))
                .willReturn(on
                        ? aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                                .withBody("{\"Parameter\":{\"Name\":\"/tandem/kill-switch/document-compliance\",\"Type\":\"String\",\"Value\":\"on\",\"Version\":2}}")
                        : aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                                .withBody("{\"__type\":\"ParameterNotFound\",\"message\":\"Parameter not found\"}")));
    }

    public List<LoggedRequest> sfnCalls(String operation) {
        return aws.findAll(postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(SFN_TARGET + operation)));
    }

    public int itemCount(String logicalTable) {
        return dynamoDb.scan(b -> b.tableName(tables.get(logicalTable))).count();
    }

    public int objectCount() {
        return s3.listObjectsV2(b -> b.bucket(bucket)).keyCount();
    }

    /** A submit event from the fixture, with this caller, body and key (null key: header removed). */
    public static APIGatewayProxyRequestEvent submitEvent(String sub, String groups, String body, String idempotencyKey) {
        APIGatewayProxyRequestEvent event = Events.withClaims(Events.load("submit-job.json"), sub, groups);
        event.setBody(body);
        return Events.withHeader(event, "Idempotency-Key", idempotencyKey);
    }

    public static APIGatewayProxyRequestEvent getEvent(String fixture, String sub, String groups, Map<String, String> pathParameters) {
        APIGatewayProxyRequestEvent event = Events.withClaims(Events.load(fixture), sub, groups);
        event.setPathParameters(pathParameters);
        return event;
    }

    @Override
    public void close() {
        context.close();
        aws.stop();
    }
}
