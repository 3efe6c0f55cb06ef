package dev.tandem.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tandem.contracts.infra.FunctionHandlers;
import dev.tandem.contracts.infra.Stages;
import dev.tandem.contracts.json.Json;
import dev.tandem.functions.http.ApiFunction;
import dev.tandem.functions.steps.StepContext;
import dev.tandem.functions.steps.StepFunction;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The function handlers, hosted in-process in one application context (as one warm execution
 * environment each would be), and a local Lambda Invoke endpoint for the state machine's tasks
 * ({@code POST /2015-03-31/functions/<name>/invocations}; a handler failure answers as Lambda does,
 * with {@code X-Amz-Function-Error} and the exception class as {@code errorType}, which the workflow's
 * Retry and Catch match).
 */
public final class LambdaHost implements AutoCloseable {

    private final ApplicationContext context;
    private final Map<String, ApiFunction> api = new LinkedHashMap<>();
    private final Map<String, StepFunction> steps = new LinkedHashMap<>();
    private final String stage;
    private final HttpServer server;

    public LambdaHost(Map<String, Object> properties, String stage, int port) throws IOException {
        this.stage = stage;
        this.context = ApplicationContext.builder().properties(properties).start();
        for (Map.Entry<String, String> f : FunctionHandlers.all().entrySet()) {
            Object handler = instantiate(f.getValue());
            if (handler instanceof ApiFunction a) {
                api.put(f.getKey(), a);
            } else if (handler instanceof StepFunction s) {
                steps.put(f.getKey(), s);
            }
        }
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/2015-03-31/functions/", this::invoke);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    private Object instantiate(String className) {
        try {
            return Class.forName(className).getConstructor(ApplicationContext.class).newInstance(context);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot host handler " + className, e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public ApplicationContext context() {
        return context;
    }

    /** Runs an API handler on a proxy event, as API Gateway's Lambda proxy integration does. */
    public APIGatewayProxyResponseEvent api(String function, APIGatewayProxyRequestEvent event) {
        ApiFunction handler = api.get(function);
        if (handler == null) {
            throw new IllegalArgumentException("no API function " + function);
        }
        return handler.handleRequest(event, null);
    }

    private void invoke(HttpExchange exchange) throws IOException {
        // /2015-03-31/functions/<name>[:qualifier]/invocations
        String[] parts = exchange.getRequestURI().getPath().split("/");
        String physical = parts.length > 3 ? parts[3].split(":")[0] : "";
        String prefix = Stages.prefix(stage) + "-";
        String name = physical.startsWith(prefix) ? physical.substring(prefix.length()) : physical;
        StepFunction handler = steps.get(name);
        String body;
        int status = 200;
        Map<String, String> headers = new LinkedHashMap<>();
        if (handler == null) {
            status = 404;
            body = Json.write(Map.of("Type", "User", "message", "Function not found: " + physical));
            headers.put("x-amzn-ErrorType", "ResourceNotFoundException");
        } else {
            JsonNode input = Json.read(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), JsonNode.class);
            Object result;
            try {
                result = handler.execute(input, new StepContext(physical, "$LATEST"));
            } catch (RuntimeException e) {
                headers.put("X-Amz-Function-Error", "Unhandled");
                result = Map.of("errorType", e.getClass().getName(), "errorMessage", String.valueOf(e.getMessage()));
            }
            body = Json.write(result);
        }
        LocalHttp.write(exchange, status, "application/json", body, headers);
    }

    @Override
    public void close() {
        server.stop(0);
        context.close();
    }
}
