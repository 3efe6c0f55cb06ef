package dev.tandem.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tandem.contracts.api.ApiRoutes;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.infra.Stages;
import dev.tandem.contracts.problem.ProblemType;
import dev.tandem.local.lambda.Invocation;
import dev.tandem.local.lambda.LambdaHost;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local API Gateway: the CDK app's routes ({@code /v1/...}), the Cognito authorizer (the local
 * identity provider's tokens, verified here; claims passed to the handler as the REST API does), and
 * the Lambda proxy event shape. Refusals of the gateway itself (no route, no or bad token) are problem
 * details, as the deployed API's gateway responses are. {@code GET /local/token/<role>} issues a token.
 */
public final class ApiFront implements AutoCloseable {

    private record Route(String method, Pattern path, String resource, String function, boolean authorized) {
    }

    /** The deployed API's routes (one table for both), matched by regular expression here. */
    private static final List<Route> ROUTES = ApiRoutes.ALL.stream().map(r -> new Route(r.method(),
            Pattern.compile(r.resource().replaceAll("\\{([A-Za-z]+)}", "(?<$1>[^/]+)")), r.resource(), r.function().logicalName(),
            r.authorized())).toList();

    private final HttpServer server;
    private final LambdaHost lambdas;
    private final String stage;
    private final LocalIdentity identity;
    private final Consumer<String> say;

    /** @param say where one short line per request goes (the terminal); the functions' JSON logs go to their files */
    public ApiFront(int port, LambdaHost lambdas, String stage, LocalIdentity identity, Consumer<String> say) throws IOException {
        this.lambdas = lambdas;
        this.say = say;
        this.stage = stage;
        this.identity = identity;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    public String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        try {
            route(exchange);
        } finally {
            say.accept(String.format(java.util.Locale.ROOT, "  %-6s %-48s %3d %6d ms", exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(), exchange.getResponseCode(), (System.nanoTime() - started) / 1_000_000));
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String requestId = UUID.randomUUID().toString();
        try {
            if (path.startsWith("/local/token/") && exchange.getRequestMethod().equals("GET")) {
                String role = path.substring("/local/token/".length());
                try {
                    LocalHttp.write(exchange, 200, "application/json", Json.write(Map.of("role", role, "token", identity.token(role))), Map.of());
                } catch (IllegalArgumentException e) {
                    problem(exchange, ProblemType.INVALID_PARAMETER, e.getMessage(), path, requestId);
                }
                return;
            }
            for (Route r : ROUTES) {
                Matcher m = r.path().matcher(path);
                if (!m.matches() || !r.method().equals(exchange.getRequestMethod())) {
                    continue;
                }
                Map<String, Object> claims = null;
                if (r.authorized()) {
                    claims = identity.verify(exchange.getRequestHeaders().getFirst("Authorization"));
                    if (claims == null) {
                        problem(exchange, ProblemType.UNAUTHENTICATED, "Unauthorized", path, requestId);
                        return;
                    }
                }
                Invocation invocation = lambdas.invoke(Stages.functionName(stage, r.function()),
                        Json.write(event(exchange, r, m, claims, requestId)).getBytes(StandardCharsets.UTF_8));
                if (invocation.failed()) {
                    // API Gateway's answer when the Lambda integration fails.
                    integrationFailed(exchange, path, requestId);
                    return;
                }
                JsonNode response = Json.read(invocation.payloadText(), JsonNode.class);
                Map<String, String> headers = new LinkedHashMap<>();
                response.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
                LocalHttp.write(exchange, response.path("statusCode").asInt(502), headers.getOrDefault("Content-Type", "application/json"),
                        response.path("body").asText(""), headers);
                return;
            }
            List<String> allowed = ApiRoutes.allowedMethods(path.startsWith("/" + ApiRoutes.STAGE + "/")
                    ? path.substring(ApiRoutes.STAGE.length() + 1) : path);
            if (!allowed.isEmpty()) {
                // API Gateway answers this from the resource's ANY method (the CDK app's), with the same Allow.
                LocalHttp.write(exchange, 405, "application/problem+json", Json.write(Map.of("type", ProblemType.METHOD_NOT_ALLOWED.uri().toString(),
                        "title", ProblemType.METHOD_NOT_ALLOWED.title(), "status", 405,
                        "detail", exchange.getRequestMethod() + " is not allowed here; use " + String.join(" or ", allowed) + ".",
                        "instance", path)), Map.of("Allow", String.join(", ", allowed)));
                return;
            }
            problem(exchange, ProblemType.NOT_FOUND, "No route matches this method and path; see the API reference.", path, requestId);
        } catch (RuntimeException e) {
            integrationFailed(exchange, path, requestId);
        }
    }

    private static void integrationFailed(HttpExchange exchange, String path, String requestId) throws IOException {
        LocalHttp.write(exchange, 502, "application/problem+json", Json.write(Map.of("type", ProblemType.INTERNAL.uri().toString(),
                "title", ProblemType.INTERNAL.title(), "detail", "The request could not be completed; retry later.",
                "instance", path, "requestId", requestId)), Map.of());
    }

    /** The REST API's Lambda proxy integration event (payload format 1.0). */
    private static Map<String, Object> event(HttpExchange exchange, Route route, Matcher m, Map<String, Object> claims, String requestId)
            throws IOException {
        Map<String, String> pathParameters = new LinkedHashMap<>();
        Matcher names = Pattern.compile("\\{([A-Za-z]+)}").matcher(route.resource());
        while (names.find()) {
            pathParameters.put(names.group(1), URLDecoder.decode(m.group(names.group(1)), StandardCharsets.UTF_8));
        }
        Map<String, String> query = new LinkedHashMap<>();
        Map<String, List<String>> multiQuery = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.put(key, value);
                multiQuery.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(value);
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, List<String>> multiHeaders = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> {
            headers.put(k, v.getLast());
            multiHeaders.put(k, List.copyOf(v));
        });
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        // A body that is not UTF-8 reaches the function as its bytes (base64), never decoded into replacement characters.
        boolean utf8 = isUtf8(bytes);
        String body = utf8 ? new String(bytes, StandardCharsets.UTF_8) : java.util.Base64.getEncoder().encodeToString(bytes);
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("requestId", requestId);
        context.put("stage", ApiRoutes.STAGE);
        context.put("httpMethod", exchange.getRequestMethod());
        context.put("resourcePath", route.resource());
        context.put("identity", Map.of("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress()));
        if (claims != null) {
            context.put("authorizer", Map.of("claims", claims));
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("resource", route.resource());
        event.put("path", exchange.getRequestURI().getPath());
        event.put("httpMethod", exchange.getRequestMethod());
        event.put("headers", headers);
        event.put("multiValueHeaders", multiHeaders);
        event.put("queryStringParameters", query.isEmpty() ? null : query);
        event.put("multiValueQueryStringParameters", multiQuery.isEmpty() ? null : multiQuery);
        event.put("pathParameters", pathParameters.isEmpty() ? null : pathParameters);
        event.put("stageVariables", null);
        event.put("requestContext", context);
        event.put("body", body.isEmpty() ? null : body);
        event.put("isBase64Encoded", !utf8);
        return event;
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    private static void problem(HttpExchange exchange, ProblemType type, String detail, String path, String requestId) throws IOException {
        LocalHttp.write(exchange, type.status(), "application/problem+json", Json.write(Map.of("type", type.uri().toString(), "title", type.title(),
                "status", type.status(), "detail", detail, "instance", path, "requestId", requestId)), Map.of());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
