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
     * @param body         the request body's contract schema, or null for none
     * @param publicReason why the route needs no token; null for routes behind the authorizer
     */
    public record Route(String method, String path, TandemFunction function, ContractSchema body, String publicReason) {
        public Route {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(function, "function");
        }

        public boolean authorized() {
            return publicReason == null;
        }

        /** {@code /v1/...}: the resource path clients call. */
        public String resource() {
            return "/" + STAGE + path;
        }
    }

    public static final List<Route> ALL = List.of(
            new Route("POST", "/jobs", TandemFunction.SUBMIT_JOB, ContractSchema.SUBMIT_JOB_REQUEST, null),
            new Route("GET", "/jobs/{jobId}", TandemFunction.GET_JOB, null, null),
            new Route("GET", "/jobs/{jobId}/audit", TandemFunction.GET_JOB_AUDIT, null, null),
            new Route("GET", "/jobs/{jobId}/lineage", TandemFunction.GET_JOB_LINEAGE, null, null),
            new Route("GET", "/lineage", TandemFunction.FIND_LINEAGE, null, null),
            new Route("GET", "/reviews", TandemFunction.LIST_REVIEWS, null, null),
            new Route("POST", "/reviews/{reviewId}", TandemFunction.DECIDE_REVIEW, ContractSchema.REVIEW_DECISION_REQUEST, null),
            new Route("GET", "/pipelines", TandemFunction.LIST_PIPELINES, null, null),
            new Route("GET", "/pipelines/{pipeline}", TandemFunction.GET_PIPELINE, null, null),
            new Route("GET", "/health", TandemFunction.HEALTH, null, "the liveness probe; it returns no data"));

    private ApiRoutes() {
    }
}
