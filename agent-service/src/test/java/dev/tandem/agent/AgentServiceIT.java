package dev.tandem.agent;

import dev.tandem.contracts.infra.ConfigKey;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.tandem.agent.support.AgentHarness.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.tandem.agent.support.AgentHarness;
import dev.tandem.contracts.api.DataClassification;
import dev.tandem.contracts.api.Purpose;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.FindingType;
import dev.tandem.contracts.pipeline.GovernTask;
import dev.tandem.contracts.pipeline.PolicyDecision;
import dev.tandem.testsupport.AwsEndpoints;
import dev.tandem.testsupport.AwsEngines;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The agent as a service: health, readiness, metrics, identity, tracing and startup refusal. */
@AwsEngines
class AgentServiceIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private final HttpClient http = HttpClient.newHttpClient();
    private final AwsEndpoints endpoints;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final S3Client s3;
    private AgentHarness h;

    AgentServiceIT(AwsEndpoints endpoints, DynamoDbClient dynamoDb, SqsClient sqs, S3Client s3) {
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
    void healthAndReady_describeARunningAgent() throws Exception {
        ApplicationContext agent = h.startAgent(Map.of());
        String base = agent.getBean(EmbeddedServer.class).getURL().toString();

        HttpResponse<String> health = fetch(base + "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(Json.read(health.body(), JsonNode.class).path("status").asText()).isEqualTo("UP");
        HttpResponse<String> ready = fetch(base + "/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonNode checks = Json.read(ready.body(), JsonNode.class).path("checks");
        // Every governed step of every registered pipeline (the flagship and the tests' per-item one), sorted.
        assertThat(checks.path("policies").asText()).matches("document-compliance/govern="
                + java.util.regex.Pattern.quote(dev.tandem.pipelines.documentcompliance.DocumentComplianceGovernance.BUNDLE.version())
                + "\\+[0-9a-f]{12},items-test/count=1\\.0\\.0\\+[0-9a-f]{12}");
        assertThat(checks.path("dynamodb").asText()).isEqualTo("UP");
        assertThat(checks.path("sqs").asText()).isEqualTo("UP");

        h.send(h.governedJob(Purpose.MODEL_TRAINING, DataClassification.INTERNAL, List.of("submitter"), FindingType.NATIONAL_ID));
        await("reported", WAIT, () -> h.sfnCalls("SendTaskSuccess").size() == 1);
        // Metrics are EMF lines on standard output (AgentProcessIT reads them from the process); no endpoint serves them.
        assertThat(fetch(base + "/metrics").statusCode()).isEqualTo(404);
    }

    @Test
    void ready_whenTheQueueIsUnreachable_is503AndSaysWhich() throws Exception {
        ApplicationContext agent = h.startAgent(Map.of("tandem.agent.queue-url", h.queueUrl + "-missing"));
        String base = agent.getBean(EmbeddedServer.class).getURL().toString();

        HttpResponse<String> ready = fetch(base + "/ready");

        assertThat(ready.statusCode()).isEqualTo(503);
        JsonNode checks = Json.read(ready.body(), JsonNode.class).path("checks");
        assertThat(checks.path("sqs").asText()).isEqualTo("DOWN");
        assertThat(checks.path("dynamodb").asText()).isEqualTo("UP");
    }

    @Test
    void onEcs_theTaskArnAndImageDigestAreStampedIntoDecisions() {
        WireMockServer metadata = new WireMockServer(options().dynamicPort());
        metadata.start();
        try {
            metadata.stubFor(get(urlEqualTo("/v4/c0ffee/task")).willReturn(aResponse().withStatus(200).withBody(
                    "{\"Cluster\":\"tandem\",\"TaskARN\":\"arn:aws:ecs:eu-west-1:111122223333:task/tandem/0123456789abcdef\"}")));
            metadata.stubFor(get(urlEqualTo("/v4/c0ffee")).willReturn(aResponse().withStatus(200).withBody(
                    "{\"Name\":\"agent\",\"Image\":\"111122223333.dkr.ecr.eu-west-1.amazonaws.com/tandem-agent:0.1.0\","
                            + "\"ImageID\":\"sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\"}")));
            h.startAgent(Map.of("ecs.container.metadata.uri.v4", metadata.baseUrl() + "/v4/c0ffee"));
            GovernTask task = h.governedJob(Purpose.SUPPORT_KB, DataClassification.INTERNAL, List.of("submitter"), FindingType.EMAIL);
            h.send(task);
            await("reported", WAIT, () -> h.sfnCalls("SendTaskSuccess").size() == 1);

            PolicyDecision decision = Json.read(h.sfnCalls("SendTaskSuccess").getFirst().path("output").asText(), PolicyDecision.class);
            assertThat(decision.agent().taskArn()).isEqualTo("arn:aws:ecs:eu-west-1:111122223333:task/tandem/0123456789abcdef");
            assertThat(decision.agent().imageDigest()).isEqualTo("sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
            assertThat(decision.decidedBy()).isEqualTo("agent:0123456789abcdef");
            assertThat(h.audit(task.jobId()).getFirst().details()).containsEntry("agent.taskArn", decision.agent().taskArn())
                    .containsEntry("agent.imageDigest", decision.agent().imageDigest());
        } finally {
            metadata.stop();
        }
    }

    @Test
    void theJobsTraceContinues_withPolicyAndAwsCallsAsSubsegments() throws Exception {
        try (DatagramSocket daemon = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            daemon.setSoTimeout(500);
            h.startAgent(Map.of("tandem.agent.xray-daemon-address", "127.0.0.1:" + daemon.getLocalPort()));
            GovernTask task = h.governedJob(Purpose.SUPPORT_KB, DataClassification.INTERNAL, List.of("submitter"), FindingType.EMAIL);
            h.send(task);

            List<String> documents = new ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            String segment = null;
            while (segment == null && System.nanoTime() < deadline) {
                byte[] buffer = new byte[65_536];
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    daemon.receive(packet);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                String doc = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                documents.add(doc);
                if (doc.contains("\"name\":\"tandem-agent\"")) {
                    segment = doc.substring(doc.indexOf('\n') + 1);
                }
            }
            assertThat(segment).as("a tandem-agent segment among %s", documents).isNotNull();
            JsonNode s = Json.read(segment, JsonNode.class);
            assertThat(s.path("trace_id").asText()).isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
            assertThat(s.path("parent_id").asText()).isEqualTo("53995c3f42cd8ad8");
            assertThat(s.at("/annotations/jobId").asText()).isEqualTo(task.jobId());
            String all = String.join("\n", documents);
            assertThat(all).contains("\"name\":\"policy-evaluation\"").contains("\"name\":\"DynamoDb\"").contains("\"name\":\"S3\"");
        }
    }

    @Test
    void anInvalidPolicyBundle_stopsTheAgentAtStartup_namingThePolicy() {
        assertThatThrownBy(() -> h.startAgent(Map.of(ConfigKey.AGENT_POLICY_VERSIONS.property(), "document-compliance/govern=test-invalid")))
                .hasRootCauseMessage(rootMessage())
                .rootCause().hasMessageContaining("typo-attribute");
    }

    private static String rootMessage() {
        try {
            dev.tandem.agent.policy.PolicyBundle.load(dev.tandem.agent.support.FlagshipRequests.GOVERNED.bundle().at("test-invalid"),
                    AgentServiceIT.class.getClassLoader());
            return "";
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    private HttpResponse<String> fetch(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
