package dev.tandem.agent.identity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.AgentIdentity;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who this agent is. On ECS Fargate, the task metadata endpoint v4 gives the task ARN and the image
 * digest the task actually runs (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-metadata-endpoint-v4-fargate.html);
 * they are stamped into every decision and from there into lineage. Outside ECS (or if the endpoint
 * does not answer) the agent is named after its host and process.
 */
public final class AgentIdentities {

    private static final Logger LOG = LoggerFactory.getLogger(AgentIdentities.class);

    private AgentIdentities() {
    }

    public static AgentIdentity resolve(String metadataUri, String version) {
        if (metadataUri == null || metadataUri.isBlank()) {
            return local(version);
        }
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            JsonNode task = get(http, metadataUri + "/task");
            JsonNode container = get(http, metadataUri);
            String taskArn = task.path("TaskARN").asText(null);
            if (taskArn == null) {
                throw new IOException("the task metadata has no TaskARN");
            }
            String id = taskArn.substring(taskArn.lastIndexOf('/') + 1);
            return new AgentIdentity(id, taskArn, container.path("Image").asText(null), container.path("ImageID").asText(null), version);
        } catch (IOException e) {
            LOG.warn("ECS task metadata unavailable at {} ({}); naming the agent after its host", metadataUri, e.getMessage());
            return local(version);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return local(version);
        }
    }

    private static JsonNode get(HttpClient http, String uri) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(2)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " from " + uri);
        }
        return Json.read(response.body(), JsonNode.class);
    }

    static AgentIdentity local(String version) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return new AgentIdentity("local-" + host + "-" + ManagementFactory.getRuntimeMXBean().getPid(), null, null, null, version);
    }
}
