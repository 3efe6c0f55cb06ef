package dev.tandem.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.tandem.contracts.api.ApiRoutes;
import dev.tandem.contracts.infra.LogField;
import dev.tandem.contracts.infra.TandemFunction;
import dev.tandem.contracts.problem.ContractViolationException;
import dev.tandem.contracts.problem.ProblemDetails;
import dev.tandem.contracts.problem.ProblemType;
import dev.tandem.functions.observability.Tracing;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The one place where API Gateway events become {@link ApiRequest}s, errors become problem details,
 * and every request is logged and measured. Logs carry the request id, correlation id and route,
 * never bodies, headers or tokens.
 */
public final class ApiBoundary {

    private static final Logger LOG = LoggerFactory.getLogger(ApiBoundary.class);
    public static final String NAMESPACE = "Tandem";

    private ApiBoundary() {
    }

    public static APIGatewayProxyResponseEvent handle(String route, APIGatewayProxyRequestEvent event,
                                                      Function<ApiRequest, ApiResponse> logic) {
        long start = System.nanoTime();
        ApiResponse response;
        String outcome;
        ApiRequest request = null;
        try {
            request = toRequest(event);
            putContext(route, request);
            requireKnownQueryParameters(route, request);
            ApiRequest current = request;
            String jobId = request.pathParameters().get("jobId");
            response = Tracing.inSubsegment(route, jobId != null && JobIds.isValid(jobId) ? Map.of("jobId", jobId) : Map.of(),
                    () -> logic.apply(current));
            outcome = "OK";
        } catch (ApiException e) {
            response = ApiResponse.problem(e.problem().withInstance(instance(event, request)), e.headers());
            outcome = e.reason();
        } catch (ContractViolationException e) {
            ApiException mapped = ApiException.of(e.problem());
            response = ApiResponse.problem(mapped.problem().withInstance(instance(event, request)), Map.of());
            outcome = mapped.reason();
        } catch (RuntimeException e) {
            // Log once, here, at the boundary that handles it. The message of an SDK exception names
            // the operation and resource, never document content.
            LOG.error("request failed: {}", e.toString(), e);
            String id = event == null || event.getRequestContext() == null ? null : event.getRequestContext().getRequestId();
            response = ApiResponse.problem(ProblemDetails.of(ProblemType.INTERNAL,
                    "The request could not be completed; it is safe to retry. Quote request id " + id + " when reporting this.")
                    .withInstance(instance(event, request)), Map.of());
            outcome = "INTERNAL";
        }
        double millis = (System.nanoTime() - start) / 1e6;
        LOG.info("request handled status={} outcome={} latencyMs={}", response.status(), outcome, Math.round(millis));
        record(route, response.status(), outcome, millis);
        clearContext();
        return toEvent(response);
    }

    /** A query parameter the route does not take is a 400 naming it (and the ones it takes), before any work. */
    static void requireKnownQueryParameters(String route, ApiRequest request) {
        ApiRoutes.Route declared = java.util.Arrays.stream(TandemFunction.values()).filter(f -> f.logicalName().equals(route)).findFirst()
                .flatMap(ApiRoutes::of).orElse(null);
        if (declared == null) {
            return;
        }
        for (String name : new java.util.TreeSet<>(request.queryParameters().keySet())) {
            if (!declared.query().contains(name)) {
                throw ApiException.invalidParameter("/queryStringParameters/" + name, name + " is not a parameter of " + declared.method() + " "
                        + declared.resource() + (declared.query().isEmpty() ? ", which takes none" : "; it takes " + String.join(", ", declared.query())));
            }
        }
    }

    static ApiRequest toRequest(APIGatewayProxyRequestEvent event) {
        if (event == null) {
            throw ApiException.of(ProblemType.VALIDATION, "Empty request event.");
        }
        byte[] body;
        if (event.getBody() == null) {
            body = new byte[0];
        } else if (Boolean.TRUE.equals(event.getIsBase64Encoded())) {
            try {
                body = Base64.getDecoder().decode(event.getBody());
            } catch (IllegalArgumentException e) {
                throw ApiException.of(ProblemType.MALFORMED_JSON, "The request body is not valid base64.");
            }
        } else {
            body = event.getBody().getBytes(StandardCharsets.UTF_8);
        }
        Map<String, Object> claims = null;
        String requestId = null;
        if (event.getRequestContext() != null) {
            requestId = event.getRequestContext().getRequestId();
            if (event.getRequestContext().getAuthorizer() != null) {
                Object c = event.getRequestContext().getAuthorizer().get("claims");
                if (c instanceof Map<?, ?> map) {
                    claims = new HashMap<>();
                    for (Map.Entry<?, ?> e : map.entrySet()) {
                        claims.put(String.valueOf(e.getKey()), e.getValue());
                    }
                }
            }
        }
        return new ApiRequest(event.getHttpMethod(), event.getPath(), event.getPathParameters(),
                event.getQueryStringParameters(), event.getHeaders(), body, Caller.fromClaims(claims), requestId,
                Tracing.currentTraceHeader());
    }

    static APIGatewayProxyResponseEvent toEvent(ApiResponse response) {
        Map<String, String> headers = new HashMap<>(response.headers());
        // Responses may contain personal data: no shared caches, no sniffing.
        headers.putIfAbsent("Cache-Control", "no-store");
        headers.putIfAbsent("X-Content-Type-Options", "nosniff");
        return new APIGatewayProxyResponseEvent().withStatusCode(response.status()).withHeaders(headers)
                .withBody(response.body()).withIsBase64Encoded(false);
    }

    private static String instance(APIGatewayProxyRequestEvent event, ApiRequest request) {
        if (request != null) {
            return request.path();
        }
        return event == null ? null : event.getPath();
    }

    private static void putContext(String route, ApiRequest request) {
        MDC.put("route", route);
        if (request.requestId() != null) {
            MDC.put("requestId", request.requestId());
        }
        String correlationId = request.correlationId();
        MDC.put(LogField.CORRELATION_ID.key(), correlationId != null ? correlationId : String.valueOf(request.requestId()));
        String traceId = LogField.traceIdOf(request.traceHeader());
        if (traceId != null) {
            MDC.put(LogField.TRACE_ID.key(), traceId);
        }
        String jobId = request.pathParameters().get("jobId");
        if (jobId != null && JobIds.isValid(jobId)) {
            MDC.put(LogField.JOB_ID.key(), jobId);
        }
        String pipeline = request.pathParameters().get("pipeline");
        if (pipeline != null) {
            MDC.put(LogField.PIPELINE.key(), pipeline);
        }
    }

    private static void clearContext() {
        MDC.remove("route");
        MDC.remove("requestId");
        for (LogField field : LogField.values()) {
            MDC.remove(field.key());
        }
    }

    private static void record(String route, int status, String outcome, double millis) {
        Metrics metrics = MetricsFactory.getMetricsInstance();
        metrics.setNamespace(NAMESPACE);
        metrics.addDimension("Route", route);
        metrics.addMetric("Requests", 1, MetricUnit.COUNT);
        metrics.addMetric("Latency", millis, MetricUnit.MILLISECONDS);
        if (status >= 400) {
            metrics.addMetric(status >= 500 ? "ServerErrors" : "Rejections", 1, MetricUnit.COUNT);
        }
        metrics.flush();
        if (status >= 400 && status < 500) {
            metrics.flushSingleMetric("RejectionsByReason", 1, MetricUnit.COUNT, NAMESPACE,
                    DimensionSet.of("Route", route, "Reason", outcome));
        }
    }
}
