package dev.tandem.agent;

import static dev.tandem.agent.support.AgentHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.agent.support.AgentHarness;
import dev.tandem.contracts.api.DataClassification;
import dev.tandem.contracts.api.Purpose;
import dev.tandem.contracts.infra.LogField;
import dev.tandem.contracts.infra.PublishedMetrics;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.FindingType;
import dev.tandem.contracts.pipeline.GovernTask;
import dev.tandem.testsupport.AwsEndpoints;
import dev.tandem.testsupport.AwsEngines;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The runnable jar as its own process, configured only through environment variables as on ECS:
 * it becomes ready, governs a task, writes JSON logs in the functions' schema (the job's fields at the top
 * level, no document content) and EMF metrics, and stops cleanly on SIGTERM.
 */
@AwsEngines
class AgentProcessIT {

    @Test
    void theRunnableJar_governs_andStopsCleanlyOnSigterm(AwsEndpoints endpoints, DynamoDbClient dynamoDb, SqsClient sqs, S3Client s3)
            throws Exception {
        Path jar = runnableJar();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (AgentHarness h = new AgentHarness(endpoints, dynamoDb, sqs, s3)) {
            Path log = Files.createTempFile("agent", ".log");
            String java = ProcessHandle.current().info().command().orElse("java");
            // The runnable jar and the pipelines' jars, as the image carries them in /app/pipelines.
            String classpath = jar + File.pathSeparator + String.join(File.pathSeparator, pipelineJars());
            ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", classpath, "dev.tandem.agent.Application");
            Map<String, String> env = pb.environment();
            env.put("AWS_REGION", endpoints.region().id());
            env.put("TANDEM_ACCESS_KEY_ID", endpoints.accessKeyId());
            env.put("TANDEM_SECRET_ACCESS_KEY", endpoints.secretAccessKey());
            env.put("TANDEM_ENDPOINTS_DYNAMODB", endpoints.dynamoDb().toString());
            env.put("TANDEM_ENDPOINTS_SQS", endpoints.sqs().toString());
            env.put("TANDEM_ENDPOINTS_S3", endpoints.s3().toString());
            env.put("TANDEM_ENDPOINTS_SFN", h.aws.baseUrl());
            env.put("TANDEM_ENDPOINTS_SSM", h.aws.baseUrl());
            env.put("TANDEM_TABLE_JOBS", h.tables.get("jobs"));
            env.put("TANDEM_TABLE_CASES", h.tables.get("cases"));
            env.put("TANDEM_TABLE_AUDIT", h.tables.get("audit"));
            env.put("TANDEM_AGENT_QUEUE_URL", h.queueUrl);
            env.put("TANDEM_AGENT_WAIT_TIME", "1s");
            env.put("TANDEM_AGENT_PORT", Integer.toString(port));
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            Process agent = pb.start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                await("agent ready", Duration.ofSeconds(60), () -> status(http, "http://127.0.0.1:" + port + "/ready") == 200);

                GovernTask task = h.governedJob(Purpose.SUPPORT_KB, DataClassification.INTERNAL, List.of("submitter"), FindingType.EMAIL);
                h.send(task);
                await("reported", Duration.ofSeconds(20), () -> h.sfnCalls("SendTaskSuccess").size() == 1);

                agent.destroy(); // SIGTERM
                assertThat(agent.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
                List<String> lines = Files.readAllLines(log);
                List<JsonNode> json = lines.stream().filter(l -> l.startsWith("{")).map(l -> Json.read(l, JsonNode.class)).toList();
                // One log schema with the functions: the LogField names at the top level of each line.
                assertThat(json).anySatisfy(n -> {
                    assertThat(n.path("message").asText()).startsWith("decided case " + task.jobId());
                    assertThat(n.path("level").asText()).isEqualTo("INFO");
                    assertThat(n.path("service").asText()).isEqualTo("tandem-agent");
                    assertThat(n.path("timestamp").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
                    assertThat(n.path(LogField.JOB_ID.key()).asText()).isEqualTo(task.jobId());
                    assertThat(n.path(LogField.PIPELINE.key()).asText()).isEqualTo(task.pipeline());
                    assertThat(n.path(LogField.STEP.key()).asText()).isEqualTo(task.step());
                    assertThat(n.path(LogField.CORRELATION_ID.key()).asText()).isEqualTo(task.correlationId());
                    assertThat(n.path(LogField.TRACE_ID.key()).asText()).isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
                });
                assertThat(json).anySatisfy(n -> assertThat(n.path("message").asText()).isEqualTo("stopped"));
                // Metrics the way the functions publish them: EMF documents on standard output.
                assertThat(json).anySatisfy(n -> {
                    assertThat(n.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo(PublishedMetrics.AGENT_DECISIONS.namespace());
                    assertThat(n.at("/_aws/CloudWatchMetrics/0/Metrics/0/Name").asText()).isEqualTo(PublishedMetrics.AGENT_DECISIONS.name());
                    assertThat(n.path("Pipeline").asText()).isEqualTo(task.pipeline());
                    assertThat(n.path("Outcome").asText()).isNotEmpty();
                });
                assertThat(json).anySatisfy(n -> assertThat(n.path(PublishedMetrics.AGENT_STEP.name()).asDouble()).isPositive());
                assertThat(String.join("\n", lines)).doesNotContain(task.taskToken());
            } finally {
                agent.destroyForcibly();
            }
        }
    }

    private static int status(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Where the registered pipelines were loaded from (their jars or class folders), as the image's /app/pipelines holds them. */
    private static java.util.List<String> pipelineJars() {
        java.util.Set<String> sources = new java.util.LinkedHashSet<>();
        for (var p : dev.tandem.contracts.pipeline.spi.Pipelines.all()) {
            sources.add(dev.tandem.contracts.pipeline.spi.Pipelines.codeSource(p).toString());
        }
        assertThat(sources).as("a pipeline to govern").isNotEmpty();
        return java.util.List.copyOf(sources);
    }

    private static Path runnableJar() {
        File[] jars = new File("target").listFiles((dir, name) -> name.startsWith("agent-service-") && name.endsWith("-runnable.jar"));
        assertThat(jars).as("the runnable jar (built in the package phase)").isNotEmpty();
        return jars[0].toPath();
    }
}
