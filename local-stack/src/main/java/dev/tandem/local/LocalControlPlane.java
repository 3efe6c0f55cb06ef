package dev.tandem.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tandem.contracts.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * The two AWS APIs Tandem calls that have no local engine: SSM Parameter Store (GetParameter,
 * PutParameter: the kill switches) and EventBridge (PutEvents: job completion events, kept in memory
 * for inspection and handed to {@link #onEvent} listeners, which deliver them as the template's rules say),
 * speaking their JSON wire protocols to the real SDK clients.
 */
public final class LocalControlPlane implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, String> parameters = new ConcurrentHashMap<>();
    private final Map<String, Long> versions = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final List<java.util.function.Consumer<JsonNode>> listeners = new CopyOnWriteArrayList<>();

    public LocalControlPlane(int port) throws IOException {
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<JsonNode> events() {
        return events;
    }

    /** Called with every PutEvents entry, after it is accepted. */
    public void onEvent(java.util.function.Consumer<JsonNode> listener) {
        listeners.add(listener);
    }

    public void put(String name, String value) {
        parameters.put(name, value);
        versions.merge(name, 1L, Long::sum);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        JsonNode request = Json.read(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), JsonNode.class);
        ObjectNode response = Json.mapper().createObjectNode();
        int status = 200;
        switch (target == null ? "" : target) {
            case "AmazonSSM.GetParameter" -> {
                String name = request.path("Name").asText();
                String value = parameters.get(name);
                if (value == null) {
                    status = 400;
                    response.put("__type", "ParameterNotFound").put("message", "Parameter " + name + " not found.");
                } else {
                    response.putObject("Parameter").put("Name", name).put("Type", "String").put("Value", value)
                            .put("Version", versions.getOrDefault(name, 1L));
                }
            }
            case "AmazonSSM.PutParameter" -> {
                put(request.path("Name").asText(), request.path("Value").asText());
                response.put("Version", versions.get(request.path("Name").asText())).put("Tier", "Standard");
            }
            case "AWSEvents.PutEvents" -> {
                request.path("Entries").forEach(events::add);
                request.path("Entries").forEach(entry -> listeners.forEach(l -> l.accept(entry)));
                response.put("FailedEntryCount", 0);
                var entries = response.putArray("Entries");
                request.path("Entries").forEach(e -> entries.addObject().put("EventId", java.util.UUID.randomUUID().toString()));
            }
            default -> {
                status = 400;
                response.put("__type", "UnknownOperationException").put("message", "the local control plane does not serve " + target);
            }
        }
        LocalHttp.write(exchange, status, "application/x-amz-json-1.1", Json.write(response), Map.of());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
