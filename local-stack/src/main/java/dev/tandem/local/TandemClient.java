package dev.tandem.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.contracts.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small client of Tandem's public API as a user sees it (HTTP, JSON, bearer tokens from the local
 * identity provider): what the demo, the pipeline benchmark and the end-to-end tests drive.
 */
public final class TandemClient {

    public static final Set<String> TERMINAL = java.util.Arrays.stream(dev.tandem.contracts.api.JobStatus.values())
            .filter(dev.tandem.contracts.api.JobStatus::isTerminal).map(Enum::name).collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** A response: status, headers and the body parsed as JSON (null when empty). */
    public record Response(int status, Map<String, java.util.List<String>> headers, String text) {
        public JsonNode json() {
            return text == null || text.isEmpty() ? null : Json.read(text, JsonNode.class);
        }
    }

    private final String api;
    private final Duration requestTimeout;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private volatile Observer observer = (method, path, response) -> { };

    /** Sees every exchange with the API (tests check each response against the API's OpenAPI document). */
    @FunctionalInterface
    public interface Observer {
        void exchanged(String method, String path, Response response);
    }

    public TandemClient(String api) {
        this(api, Duration.ofSeconds(30));
    }

    /** @param requestTimeout how long one request may take (a load test queues many on the local stack's few environments) */
    public TandemClient(String api, Duration requestTimeout) {
        this.api = api;
        this.requestTimeout = requestTimeout;
    }

    public void observe(Observer observer) {
        this.observer = java.util.Objects.requireNonNull(observer, "observer");
    }

    public String token(String role) {
        return tokens.computeIfAbsent(role, r -> send("GET", "/local/token/" + r, null, null, Map.of()).json().path("token").asText());
    }

    public Response submit(String purpose, String text, String name) {
        Map<String, Object> document = name == null ? Map.of("text", text) : Map.of("text", text, "name", name);
        return send("POST", "/v1/jobs", "submitter", Json.write(Map.of("purpose", purpose, "document", document)),
                Map.of("Idempotency-Key", UUID.randomUUID().toString(), "Content-Type", "application/json"));
    }

    public JsonNode job(String jobId, String role) {
        return send("GET", "/v1/jobs/" + jobId, role, null, Map.of()).json();
    }

    /** Polls until the job is terminal or in one of {@code also}; returns the last view. */
    public JsonNode await(String jobId, Duration timeout, Set<String> also) {
        return await(jobId, timeout, also, "submitter");
    }

    /** As {@link #await(String, Duration, Set)}, reading the job in this role (an auditor reads jobs it did not submit). */
    public JsonNode await(String jobId, Duration timeout, Set<String> also, String role) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode job = job(jobId, role);
            String status = job.path("status").asText();
            if (TERMINAL.contains(status) || also.contains(status)) {
                return job;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job " + jobId + " still " + status + " after " + timeout);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
    }

    public Response send(String method, String path, String role, String body, Map<String, String> headers) {
        return sendBytes(method, path, role, body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers);
    }

    /** A request whose body is these bytes, as they are (for bodies that are not UTF-8). */
    public Response sendBytes(String method, String path, String role, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(api + path)).timeout(requestTimeout)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (role != null) {
            b.header("Authorization", "Bearer " + token(role));
        }
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            Response response = new Response(r.statusCode(), r.headers().map(), r.body());
            observer.exchanged(method, path, response);
            return response;
        } catch (IOException e) {
            throw new IllegalStateException("no Tandem API answers at " + api + " (" + e.getMessage() + "): is ./scripts/dev running?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * The job's audit trail (as the auditor sees it) once it holds one of {@code closing}: a job's status
     * is set just before its closing audit event is appended, so a reader may see one without the other.
     */
    public JsonNode auditClosedBy(String jobId, Set<String> closing, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode audit = send("GET", "/v1/jobs/" + jobId + "/audit", "auditor", null, Map.of()).json();
            for (JsonNode event : audit.path("events")) {
                if (closing.contains(event.path("type").asText())) {
                    return audit;
                }
            }
            if (System.nanoTime() > deadline) {
                return audit;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return audit;
            }
        }
    }
}
