package dev.tandem.contracts.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.contracts.blueprint.Placement;
import dev.tandem.contracts.blueprint.StepKind;
import dev.tandem.contracts.infra.TandemFunction;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.pipeline.spi.PipelineDefinition;
import dev.tandem.contracts.problem.ProblemDetails;
import dev.tandem.contracts.problem.ProblemType;
import dev.tandem.contracts.validation.ContractSchema;
import dev.tandem.contracts.validation.ContractValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The public API's OpenAPI 3.1 document, generated from what the API is made of, so it cannot drift from it: the routes
 * ({@link ApiRoutes}: paths, methods, query parameters, public or behind the authorizer, success status), the request
 * schemas the API validates with ({@link ContractValidator}: the fixed bodies and every registered pipeline's
 * submission, the same the CDK app turns into request models), the response records ({@link ResponseSchemas}), and
 * the problem types ({@link ProblemType}). Served at {@code GET /v1/openapi.json}; the repository keeps a copy
 * ({@code docs/openapi.json}) that a test regenerates and compares.
 */
public final class OpenApi {

    /** The version of the OpenAPI specification the document follows. */
    public static final String VERSION = "3.1.0";
    public static final String SECURITY_SCHEME = "cognito";

    /** Each query parameter's schema and meaning, by name (the same name means the same thing on every route). */
    private static final Map<String, Parameter> QUERY = Map.ofEntries(Map.entry("kind", new Parameter(string(),
                    "DECISION (default): reviews a workflow waits for; SAMPLE: checks of automatic outcomes")),
            Map.entry("pipeline", new Parameter(string().put("pattern", "^" + PipelineDefinition.NAME_PATTERN + "$"), "only jobs of this pipeline")),
            Map.entry("status", new Parameter(string(), "only items in this status")),
            Map.entry("from", new Parameter(string().put("format", "date-time"), "from this instant (included); default: 30 days before `to`")),
            Map.entry("to", new Parameter(string().put("format", "date-time"),
                    "up to this instant (included); default: now; at most 92 days after `from`")),
            Map.entry("limit", new Parameter(Json.mapper().createObjectNode().put("type", "integer").put("minimum", 1).put("maximum", 100),
                    "the most items on a page (default 25)")),
            Map.entry("nextToken", new Parameter(string().put("maxLength", 4096),
                    "continues a list: the previous page's nextToken, with the same filters")),
            Map.entry("model", new Parameter(string().put("pattern", "^[A-Za-z0-9._:@+/-]{1,200}$"), "a model as `model@version`")),
            Map.entry("policy", new Parameter(string().put("pattern", "^[A-Za-z0-9._:@+/-]{1,200}$"), "a policy bundle id")));

    private record Parameter(ObjectNode schema, String description) {
    }

    private OpenApi() {
    }

    /** The document for the pipelines the validator carries (the deployment's: {@code ContractValidator.load()}). */
    public static ObjectNode document(ContractValidator contracts) {
        ResponseSchemas schemas = new ResponseSchemas();
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("openapi", VERSION);
        ObjectNode info = root.putObject("info");
        info.put("title", "Tandem API");
        info.put("version", ApiRoutes.STAGE);
        info.put("description", description());
        info.putObject("license").put("name", "Apache-2.0").put("identifier", "Apache-2.0");
        root.put("jsonSchemaDialect", "https://spec.openapis.org/oas/3.1/dialect/base");
        root.putArray("servers").addObject().put("url", "/").put("description", "the stage's API endpoint (the ApiUrl output, without /v1/)");
        root.putArray("security").addObject().putArray(SECURITY_SCHEME);
        ObjectNode paths = root.putObject("paths");
        ObjectNode components = Json.mapper().createObjectNode();
        ObjectNode componentSchemas = Json.mapper().createObjectNode();

        // Request bodies: the schemas the API validates with.
        Map<ContractSchema, String> fixedBodies = new LinkedHashMap<>();
        for (ContractSchema s : ContractSchema.values()) {
            String name = s.recordType().getSimpleName();
            componentSchemas.set(name, embeddable(contracts.schema(s)));
            fixedBodies.put(s, name);
        }
        List<String> submissions = new ArrayList<>();
        for (String pipeline : contracts.pipelines()) {
            String name = pipeline + ".Submission";
            componentSchemas.set(name, embeddable(contracts.inputSchema(pipeline).orElseThrow()));
            submissions.add(name);
        }
        // Response bodies written as schemas (not one record) use these enums.
        schemas.ref(StepKind.class);
        schemas.ref(Placement.class);
        ObjectNode problem = schemas.ref(ProblemDetails.class);

        for (ApiRoutes.Route route : ApiRoutes.ALL) {
            ObjectNode path = paths.has(route.resource()) ? (ObjectNode) paths.get(route.resource()) : paths.putObject(route.resource());
            ObjectNode op = path.putObject(route.method().toLowerCase(java.util.Locale.ROOT));
            op.put("operationId", route.function().logicalName());
            op.put("summary", route.summary());
            op.putArray("tags").add(route.path().split("/")[1].replace(".json", ""));
            if (!route.authorized()) {
                op.put("description", "Public: " + route.publicReason() + ".");
                op.putArray("security");
            }
            ArrayNode parameters = op.putArray("parameters");
            Matcher m = Pattern.compile("\\{([^}]+)}").matcher(route.path());
            while (m.find()) {
                ObjectNode p = parameters.addObject().put("name", m.group(1)).put("in", "path").put("required", true);
                p.set("schema", m.group(1).endsWith("Id") ? string().put("format", "uuid") : string());
            }
            for (String q : route.query()) {
                Parameter known = QUERY.get(q);
                if (known == null) {
                    throw new IllegalStateException("query parameter " + q + " of " + route.method() + " " + route.resource() + " has no description");
                }
                ObjectNode p = parameters.addObject().put("name", q).put("in", "query").put("description", known.description());
                p.set("schema", q.equals("status") ? statusSchema(route, schemas)
                        : q.equals("kind") ? schemas.ref(ReviewItem.Kind.class) : known.schema().deepCopy());
            }
            ObjectNode correlation = parameters.addObject().put("name", "X-Correlation-Id").put("in", "header")
                    .put("description", "your id for the request, echoed in logs (default: the job id or a new one)");
            correlation.set("schema", string().put("maxLength", 128));
            if (route.function() == TandemFunction.SUBMIT_JOB) {
                ObjectNode key = parameters.addObject().put("name", "Idempotency-Key").put("in", "header")
                        .put("description", "the same key and body return the same job for 24 h; another body with it is a 409");
                key.set("schema", string().put("pattern", "^[A-Za-z0-9._:-]{1," + Limits.MAX_IDEMPOTENCY_KEY_LENGTH + "}$"));
            }
            if (parameters.isEmpty()) {
                op.remove("parameters");
            }
            if (route.body() != null) {
                ObjectNode body = op.putObject("requestBody").put("required", true);
                ObjectNode json = body.putObject("content").putObject("application/json");
                switch (route.body()) {
                    case ApiRoutes.Body.Schema s -> json.set("schema", ref(fixedBodies.get(s.schema())));
                    case ApiRoutes.Body.PipelineInput p -> {
                        if (submissions.size() == 1) {
                            json.set("schema", ref(submissions.getFirst()));
                        } else {
                            ArrayNode oneOf = json.putObject("schema").putArray("oneOf");
                            submissions.forEach(n -> oneOf.add(ref(n)));
                        }
                    }
                }
                JsonNode example = example(route);
                if (example != null) {
                    json.set("example", example);
                }
            }
            ObjectNode responses = op.putObject("responses");
            ObjectNode ok = responses.putObject(Integer.toString(route.reply().status()));
            ok.put("description", route.summary() + ": done");
            ObjectNode okJson = ok.putObject("content").putObject("application/json");
            switch (route.reply()) {
                case ApiRoutes.Reply.Of of -> okJson.set("schema", schemas.ref(of.type()));
                case ApiRoutes.Reply.Schema s -> {
                    JsonNode written = resource(s.resource());
                    String name = written.path("title").asText(s.name());
                    componentSchemas.set(name, written);
                    okJson.set("schema", ref(name));
                }
            }
            if (route.function() == TandemFunction.SUBMIT_JOB) {
                ok.putObject("headers").putObject("Location").put("description", "the job").putObject("schema").put("type", "string");
            }
            for (Map.Entry<Integer, List<ProblemType>> byStatus : problems(route).entrySet()) {
                ObjectNode r = responses.putObject(Integer.toString(byStatus.getKey()));
                r.put("description", String.join("; ", byStatus.getValue().stream().map(t -> t.title() + " (" + t.uri() + ")").toList()));
                r.putObject("content").putObject(ProblemDetails.MEDIA_TYPE).set("schema", problem.deepCopy());
                if (byStatus.getValue().contains(ProblemType.PIPELINE_HALTED)) {
                    r.putObject("headers").putObject("Retry-After").put("description", "seconds").putObject("schema").put("type", "integer");
                }
            }
            ObjectNode other = responses.putObject("default");
            other.put("description", "Any other problem (RFC 9457)");
            other.putObject("content").putObject(ProblemDetails.MEDIA_TYPE).set("schema", problem.deepCopy());
        }
        // An extension member (RFC 9457, section 3.2) of the problems API Gateway answers itself (the authorizer's 401 and
        // 403, unknown paths, 405, 413, throttling): its request id, for support.
        ((ObjectNode) schemas.components().get(ResponseSchemas.name(ProblemDetails.class)).get("properties")).putObject("requestId")
                .put("type", "string").put("description", "API Gateway's request id, in the problems the gateway answers itself");
        schemas.components().forEach(componentSchemas::set);
        components.set("schemas", sorted(componentSchemas));
        ObjectNode scheme = components.putObject("securitySchemes").putObject(SECURITY_SCHEME);
        scheme.put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT")
                .put("description", "An ID token of the stage's Cognito user pool (the UserPoolId output); the caller's roles are its "
                        + "cognito:groups (submitter, reviewer, auditor, operator).");
        root.set("components", components);
        return root;
    }

    /** The problems a route can answer with besides success, by status. */
    private static Map<Integer, List<ProblemType>> problems(ApiRoutes.Route route) {
        Map<Integer, List<ProblemType>> out = new java.util.TreeMap<>();
        List<ProblemType> candidates = new ArrayList<>(List.of(ProblemType.INVALID_PARAMETER));
        if (route.authorized()) {
            candidates.addAll(List.of(ProblemType.UNAUTHENTICATED, ProblemType.FORBIDDEN));
        }
        if (route.path().contains("{")) {
            candidates.add(ProblemType.NOT_FOUND);
        }
        if (route.method().equals("POST")) {
            candidates.add(ProblemType.CONFLICT);
        }
        if (route.body() != null) {
            candidates.addAll(List.of(ProblemType.MALFORMED_JSON, ProblemType.VALIDATION, ProblemType.PAYLOAD_TOO_LARGE,
                    ProblemType.UNSUPPORTED_MEDIA_TYPE));
        }
        if (route.function() == TandemFunction.SUBMIT_JOB) {
            candidates.addAll(List.of(ProblemType.IDEMPOTENCY_KEY_REUSED, ProblemType.IDEMPOTENCY_IN_FLIGHT));
        }
        if (route.function() == TandemFunction.SUBMIT_JOB
                || route.function() == TandemFunction.REDRIVE_JOB) {
            candidates.add(ProblemType.PIPELINE_HALTED);
        }
        candidates.forEach(t -> out.computeIfAbsent(t.status(), k -> new ArrayList<>()).add(t));
        return out;
    }

    private static ObjectNode statusSchema(ApiRoutes.Route route, ResponseSchemas schemas) {
        return route.function() == TandemFunction.LIST_REVIEWS
                ? schemas.ref(ReviewItem.Status.class) : schemas.ref(JobStatus.class);
    }

    private static JsonNode example(ApiRoutes.Route route) {
        return switch (route.body()) {
            case ApiRoutes.Body.PipelineInput p -> Json.read("{\"purpose\":\"support-kb\",\"document\":{\"name\":\"ticket-4711.txt\","
                    + "\"contentType\":\"text/plain\",\"text\":\"Please call me back at +1 415 555 0132.\"}}", JsonNode.class);
            case ApiRoutes.Body.Schema s when s.schema() == ContractSchema.REVIEW_DECISION_REQUEST ->
                    Json.read("{\"decision\":\"APPROVE\",\"comment\":\"Contact data only; redaction is enough.\"}", JsonNode.class);
            default -> null;
        };
    }

    private static String description() {
        StringBuilder out = new StringBuilder("Run governed AI pipelines: submit jobs, follow and cancel them, redrive failed ones, "
                + "decide reviews, read verified audit trails and lineage.\n\nEvery error is `application/problem+json` (RFC 9457) "
                + "with one of these `type`s:\n");
        for (ProblemType t : ProblemType.values()) {
            out.append("\n- `").append(t.uri()).append("` (").append(t.status()).append("): ").append(t.title());
        }
        out.append("\n\nA known path with a method it does not have answers 405 with `Allow`; a query parameter a route does not "
                + "take is a 400 naming it.");
        return out.toString();
    }

    /** A JSON Schema resource as a component: its own {@code $schema} and {@code $id} dropped (the document's dialect applies). */
    private static ObjectNode embeddable(JsonNode schema) {
        ObjectNode copy = (ObjectNode) schema.deepCopy();
        copy.remove("$schema");
        copy.remove("$id");
        return copy;
    }

    private static JsonNode resource(String name) {
        try (InputStream in = OpenApi.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("response schema " + name + " is missing from the class path");
            }
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode sorted(ObjectNode node) {
        ObjectNode out = Json.mapper().createObjectNode();
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        names.forEach(k -> out.set(k, node.get(k)));
        return out;
    }

    private static ObjectNode ref(String component) {
        return Json.mapper().createObjectNode().put("$ref", "#/components/schemas/" + component);
    }

    private static ObjectNode string() {
        return Json.mapper().createObjectNode().put("type", "string");
    }
}
