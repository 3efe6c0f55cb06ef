package dev.tandem.agent.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.infra.PublishedMetrics;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.Outcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The agent's metrics are EMF lines on standard output, as the functions' are: what CloudWatch extracts from
 * them (namespace, name, dimension names) is what the dashboard and alarms read ({@link PublishedMetrics}).
 */
class AgentMetricsTest {

    @Test
    void eachFigure_isOneEmfDocument_underThePublishedNamespaceNameAndDimensions() {
        List<JsonNode> lines = capture(() -> {
            AgentMetrics metrics = new AgentMetrics();
            metrics.decision("document-compliance", Outcome.ALLOW_WITH_REDACTION);
            metrics.evaluation("document-compliance", Duration.ofMillis(3));
            metrics.step("document-compliance", "Govern", Duration.ofMillis(42));
            metrics.queueLag(Duration.ofMillis(-5));
            metrics.heartbeatFailed();
            metrics.taskFailed("Tandem.PolicyError");
            metrics.timeToDecision("document-compliance", Duration.ofMillis(1250));
        });
        assertThat(lines).hasSize(7);
        List<PublishedMetrics.Metric> extracted = new ArrayList<>();
        for (JsonNode line : lines) {
            JsonNode directive = line.at("/_aws/CloudWatchMetrics/0");
            assertThat(line.at("/_aws/CloudWatchMetrics").size()).as(line.toString()).isEqualTo(1);
            assertThat(directive.path("Dimensions").size()).as("one dimension set: %s", line).isEqualTo(1);
            List<String> dimensions = new ArrayList<>();
            directive.at("/Dimensions/0").forEach(d -> dimensions.add(d.asText()));
            String name = directive.at("/Metrics/0/Name").asText();
            extracted.add(new PublishedMetrics.Metric(directive.path("Namespace").asText(), name, dimensions));
            assertThat(line.has(name)).as("the value beside the directive: %s", line).isTrue();
        }
        assertThat(extracted).containsExactly(PublishedMetrics.AGENT_DECISIONS, PublishedMetrics.AGENT_EVALUATION, PublishedMetrics.AGENT_STEP,
                PublishedMetrics.AGENT_QUEUE_LAG, PublishedMetrics.AGENT_HEARTBEAT_FAILURES, PublishedMetrics.AGENT_TASKS_FAILED,
                PublishedMetrics.JOB_TIME_TO_DECISION);

        assertThat(lines.get(0).path("Pipeline").asText()).isEqualTo("document-compliance");
        assertThat(lines.get(0).path("Outcome").asText()).isEqualTo("ALLOW_WITH_REDACTION");
        assertThat(lines.get(0).path("AgentDecisions").asDouble()).isEqualTo(1.0);
        assertThat(lines.get(0).at("/_aws/CloudWatchMetrics/0/Metrics/0/Unit").asText()).isEqualTo("Count");
        assertThat(lines.get(2).path("AgentStepLatency").asDouble()).isEqualTo(42.0);
        assertThat(lines.get(2).path("Step").asText()).isEqualTo("Govern");
        assertThat(lines.get(2).at("/_aws/CloudWatchMetrics/0/Metrics/0/Unit").asText()).isEqualTo("Milliseconds");
        assertThat(lines.get(3).path("AgentQueueLag").asDouble()).as("a clock skew is no negative lag").isEqualTo(0.0);
        assertThat(lines.get(5).path("Error").asText()).isEqualTo("Tandem.PolicyError");
        assertThat(lines.get(6).path("JobTimeToDecision").asDouble()).isEqualTo(1250.0);
        assertThat(lines.get(6).path("Pipeline").asText()).isEqualTo("document-compliance");
    }

    /** The JSON lines written to standard output while {@code work} runs. */
    static List<JsonNode> capture(Runnable work) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            work.run();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{")).map(l -> Json.read(l, JsonNode.class)).toList();
    }
}
