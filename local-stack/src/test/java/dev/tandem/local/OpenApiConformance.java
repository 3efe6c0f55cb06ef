package dev.tandem.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.tandem.contracts.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Checks every response the end-to-end tests receive against the OpenAPI document the running API serves: the status
 * must be one the operation declares (or its {@code default}), the media type the one declared for it, and the body
 * valid against the declared schema (JSON Schema 2020-12, formats asserted). Collects violations instead of failing
 * the request, so a test reads them all at the end; records which (operation, status) pairs were seen.
 */
final class OpenApiConformance implements TandemClient.Observer {

    private record Operation(String method, String template, Pattern path, JsonNode responses) {
    }

    private final JsonNode document;
    private final List<Operation> operations = new ArrayList<>();
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    OpenApiConformance(JsonNode document) {
        this.document = document;
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> p = paths.next();
            Pattern regex = Pattern.compile(p.getKey().replaceAll("\\{[^/]+}", "[^/]+").replace(".", "\\."));
            for (Iterator<Map.Entry<String, JsonNode>> ops = p.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                operations.add(new Operation(op.getKey().toUpperCase(java.util.Locale.ROOT), p.getKey(), regex, op.getValue().path("responses")));
            }
        }
    }

    /** Every operation of the document as {@code METHOD /path status} for its success status. */
    Set<String> successes() {
        Set<String> out = new java.util.TreeSet<>();
        for (Operation op : operations) {
            op.responses().fieldNames().forEachRemaining(code -> {
                if (code.startsWith("2")) {
                    out.add(op.method() + " " + op.template() + " " + code);
                }
            });
        }
        return out;
    }

    /** The {@code METHOD /path status} pairs the tests received. */
    Set<String> seen() {
        return Set.copyOf(seen);
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    @Override
    public void exchanged(String method, String path, TandemClient.Response response) {
        String bare = path.split("\\?")[0];
        if (!bare.startsWith("/v1/")) {
            return; // the local identity provider, not the API
        }
        Operation op = operations.stream().filter(o -> o.method().equals(method) && o.path().matcher(bare).matches()).findFirst().orElse(null);
        if (op == null) {
            // Not an operation (a 404 path or a 405 method): still a problem document.
            if (response.status() >= 400) {
                check(method + " " + bare + " " + response.status(), response, "application/problem+json",
                        document.at("/paths/~1v1~1health/get/responses/default/content/application~1problem+json/schema"));
            } else {
                violations.add(method + " " + bare + " answered " + response.status() + " but the document has no such operation");
            }
            return;
        }
        String code = Integer.toString(response.status());
        String where = method + " " + op.template() + " " + code;
        seen.add(where);
        JsonNode declared = op.responses().has(code) ? op.responses().get(code) : op.responses().get("default");
        if (declared == null || (response.status() < 400 && !op.responses().has(code))) {
            violations.add(where + ": the document does not declare this status");
            return;
        }
        String mediaType = declared.path("content").fieldNames().hasNext() ? declared.path("content").fieldNames().next() : null;
        if (mediaType == null) {
            return;
        }
        check(where, response, mediaType, declared.path("content").path(mediaType).path("schema"));
    }

    private void check(String where, TandemClient.Response response, String mediaType, JsonNode schema) {
        String contentType = response.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("content-type"))
                .flatMap(e -> e.getValue().stream()).findFirst().orElse("");
        if (!contentType.toLowerCase(java.util.Locale.ROOT).startsWith(mediaType)) {
            violations.add(where + ": Content-Type " + contentType + ", the document says " + mediaType);
            return;
        }
        JsonNode body;
        try {
            body = Json.read(response.text(), JsonNode.class);
        } catch (RuntimeException e) {
            violations.add(where + ": the body is not JSON");
            return;
        }
        JsonSchema compiledSchema = compiled.computeIfAbsent(schema.toString(), k -> {
            ObjectNode withComponents = schema.deepCopy();
            withComponents.set("components", document.path("components"));
            return factory.getSchema(withComponents, config);
        });
        Set<ValidationMessage> messages = compiledSchema.validate(body);
        if (!messages.isEmpty()) {
            violations.add(where + ": " + messages.stream().map(ValidationMessage::getMessage).sorted().limit(5).toList());
        }
    }
}
