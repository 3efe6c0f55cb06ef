package dev.tandem.contracts.api;

import dev.tandem.contracts.infra.TandemFunction;
import dev.tandem.contracts.validation.ContractSchema;
import java.util.List;
import java.util.Objects;

/**
 * The public API's routes, declared once: the CDK app builds the REST API from them and the local stack's
 * API front serves the same table.
 */
public final class ApiRoutes {

    /** The stage and path prefix of the API version. */
    public static final String STAGE = "v1";

    /**
     * One route.
     *
     * @param path         below {@code /v1}, with {@code {name}} path parameters
     * @param function     the function the route invokes
     * @param body         what the request body is validated against, or null for no body
     * @param publicReason why the route needs no token; null for routes behind the authorizer
     * @param query        the query parameters the route takes; any other is refused with a 400 naming it
     * @param reply        what it answers when it succeeds
     * @param summary      what it does, in a sentence (the OpenAPI document's summary)
     */
    public record Route(String method, String path, TandemFunction function, Body body, String publicReason, List<String> query,
                        Reply reply, String summary) {
        public Route {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(summary, "summary");
            query = query == null ? List.of() : List.copyOf(query);
        }

        public boolean authorized() {
            return publicReason == null;
        }

        /** {@code /v1/...}: the resource path clients call. */
        public String resource() {
            return "/" + STAGE + path;
        }
    }

    /** What a route's request body is validated against. */
    public sealed interface Body {
        /** A fixed contract schema. */
        record Schema(ContractSchema schema) implements Body {
            public Schema {
                Objects.requireNonNull(schema, "schema");
            }
        }

        /** The input contract of the pipeline the body selects ({@code PipelineDefinition.input()}). */
        record PipelineInput() implements Body {
        }
    }

    /** What a route answers with when it succeeds ({@code application/json}). */
    public sealed interface Reply {
        int status();

        /** A record: its schema is derived from it ({@code ResponseSchemas}). */
        record Of(int status, Class<? extends Record> type) implements Reply {
        }

        /** A body that is not one record: its JSON Schema is the resource {@code /schemas/v1/responses/<name>.schema.json}. */
        record Schema(int status, String name) implements Reply {
            public String resource() {
                return "/schemas/v1/responses/" + name + ".schema.json";
            }
        }
    }

    private static final List<String> NONE = List.of();

    public static final List<Route> ALL = List.of(
            new Route("POST", "/jobs", TandemFunction.SUBMIT_JOB, new Body.PipelineInput(), null, NONE,
                    new Reply.Of(202, JobAccepted.class), "Submit a job to a pipeline"),
            new Route("GET", "/jobs", TandemFunction.LIST_JOBS, null, null, List.of("pipeline", "status", "from", "to", "limit", "nextToken"),
                    new Reply.Of(200, JobList.class), "List jobs, newest first"),
            new Route("GET", "/jobs/{jobId}", TandemFunction.GET_JOB, null, null, NONE, new Reply.Of(200, JobView.class), "Read a job"),
            new Route("POST", "/jobs/{jobId}/cancel", TandemFunction.CANCEL_JOB, null, null, NONE, new Reply.Of(200, JobView.class),
                    "Cancel a job in progress"),
            new Route("POST", "/jobs/{jobId}/redrive", TandemFunction.REDRIVE_JOB, null, null, NONE, new Reply.Of(202, JobView.class),
                    "Redrive a FAILED or HALTED job from the step that failed"),
            new Route("GET", "/jobs/{jobId}/audit", TandemFunction.GET_JOB_AUDIT, null, null, NONE,
                    new Reply.Of(200, dev.tandem.contracts.audit.AuditTrail.class), "Read a job's audit trail, verified"),
            new Route("GET", "/jobs/{jobId}/lineage", TandemFunction.GET_JOB_LINEAGE, null, null, NONE,
                    new Reply.Of(200, dev.tandem.contracts.lineage.LineageGraph.class), "Read a job's lineage graph"),
            new Route("GET", "/lineage", TandemFunction.FIND_LINEAGE, null, null, List.of("model", "policy", "limit", "nextToken"),
                    new Reply.Of(200, LineageJobs.class), "Find the jobs that used a model version or a policy bundle"),
            new Route("GET", "/reviews", TandemFunction.LIST_REVIEWS, null, null, List.of("status", "kind"), new Reply.Of(200, ReviewList.class),
                    "List review items by status"),
            new Route("POST", "/reviews/{reviewId}", TandemFunction.DECIDE_REVIEW, new Body.Schema(ContractSchema.REVIEW_DECISION_REQUEST), null,
                    NONE, new Reply.Of(200, ReviewItem.class), "Approve or reject a pending review"),
            new Route("GET", "/pipelines", TandemFunction.LIST_PIPELINES, null, null, NONE, new Reply.Of(200, PipelineList.class),
                    "List the deployed pipelines"),
            new Route("GET", "/pipelines/{pipeline}", TandemFunction.GET_PIPELINE, null, null, NONE, new Reply.Schema(200, "pipeline"),
                    "Read a pipeline: its steps, placements and input contract"),
            new Route("GET", "/pipelines/{pipeline}/kpis", TandemFunction.GET_PIPELINE_KPIS, null, null, List.of("from", "to"),
                    new Reply.Of(200, PipelineKpis.class), "A pipeline's KPIs over a period: time to value, cost per job, reviews"),
            new Route("GET", "/health", TandemFunction.HEALTH, null, "the liveness probe; it returns no data", NONE,
                    new Reply.Of(200, Health.class), "Liveness probe"),
            new Route("GET", "/openapi.json", TandemFunction.GET_OPENAPI, null, "the API's contract, the same for every caller", NONE,
                    new Reply.Schema(200, "openapi"), "This API's OpenAPI 3.1 document"));

    /** The route a function serves, if it serves one. */
    public static java.util.Optional<Route> of(TandemFunction function) {
        return ALL.stream().filter(r -> r.function() == function).findFirst();
    }

    /**
     * The methods of the routes whose path matches {@code path} (below {@code /v1}, with actual parameter values), in
     * declaration order; empty when no route has this path. What a 405's {@code Allow} header lists.
     */
    public static List<String> allowedMethods(String path) {
        return ALL.stream().filter(r -> path.matches(r.path().replaceAll("\\{[^/]+}", "[^/]+"))).map(Route::method).distinct().toList();
    }

    /** The route paths (below {@code /v1}) in declaration order, each once, with the methods declared on it. */
    public static java.util.Map<String, List<String>> methodsByPath() {
        java.util.Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        ALL.forEach(r -> out.computeIfAbsent(r.path(), p -> new java.util.ArrayList<>()).add(r.method()));
        return out;
    }

    private ApiRoutes() {
    }
}
