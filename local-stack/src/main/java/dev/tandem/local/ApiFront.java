package dev.tandem.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tandem.contracts.api.ApiRoutes;
import dev.tandem.contracts.json.Json;
import dev.tandem.contracts.problem.ProblemType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
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
            Pattern.compile(r.resource().replaceAll("\\{([A-Za-z]+)}", "(?<$1>[^/]+)")), r.resource(), r.function(), r.authorized())).toList();

    private final HttpServer server;
    private final LambdaHost lambdas;
    private final LocalIdentity identity;

    public ApiFront(int port, LambdaHost lambdas, LocalIdentity identity) throws IOException {
        this.lambdas = lambdas;
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
                APIGatewayProxyResponseEvent response = lambdas.api(r.function(), event(exchange, r, m, claims, requestId));
                Map<String, String> headers = response.getHeaders() == null ? Map.of() : response.getHeaders();
                LocalHttp.write(exchange, response.getStatusCode(), headers.getOrDefault("Content-Type", "application/json"),
                        response.getBody() == null ? "" : response.getBody(), headers);
                return;
            }
            problem(exchange, ProblemType.NOT_FOUND, "No route matches this method and path; see the API reference.", path, requestId);
        } catch (RuntimeException e) {
            // What API Gateway answers when the integration fails.
            LocalHttp.write(exchange, 502, "application/problem+json", Json.write(Map.of("type", ProblemType.INTERNAL.uri().toString(),
                    "title", ProblemType.INTERNAL.title(), "detail", "The request could not be completed; retry later.",
                    "instance", path, "requestId", requestId)), Map.of());
        }
    }

    private static APIGatewayProxyRequestEvent event(HttpExchange exchange, Route route, Matcher m, Map<String, Object> claims, String requestId)
            throws IOException {
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent();
        event.setHttpMethod(exchange.getRequestMethod());
        event.setPath(exchange.getRequestURI().getPath());
        event.setResource(route.resource());
        Map<String, String> pathParameters = new HashMap<>();
        Matcher names = Pattern.compile("\\{([A-Za-z]+)}").matcher(route.resource());
        while (names.find()) {
            pathParameters.put(names.group(1), URLDecoder.decode(m.group(names.group(1)), StandardCharsets.UTF_8));
        }
        event.setPathParameters(pathParameters.isEmpty() ? null : pathParameters);
        Map<String, String> query = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        event.setQueryStringParameters(query.isEmpty() ? null : query);
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
        event.setHeaders(headers);
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        event.setBody(body.isEmpty() ? null : body);
        event.setIsBase64Encoded(false);
        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext();
        context.setRequestId(requestId);
        context.setStage(ApiRoutes.STAGE);
        context.setHttpMethod(exchange.getRequestMethod());
        context.setResourcePath(route.resource());
        APIGatewayProxyRequestEvent.RequestIdentity identity = new APIGatewayProxyRequestEvent.RequestIdentity();
        identity.setSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress());
        context.setIdentity(identity);
        if (claims != null) {
            context.setAuthorizer(Map.of("claims", claims));
        }
        event.setRequestContext(context);
        return event;
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
