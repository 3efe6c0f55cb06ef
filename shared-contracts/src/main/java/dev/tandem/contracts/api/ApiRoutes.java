package dev.tandem.contracts.api;

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
     * @param function     the function (logical name) the route invokes
     * @param body         the request body's contract schema, or null for none
     * @param publicReason why the route needs no token; null for routes behind the authorizer
     */
    public record Route(String method, String path, String function, ContractSchema body, String publicReason) {
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
            new Route("POST", "/jobs", "SubmitJob", ContractSchema.SUBMIT_JOB_REQUEST, null),
            new Route("GET", "/jobs/{jobId}", "GetJob", null, null),
            new Route("GET", "/jobs/{jobId}/audit", "GetJobAudit", null, null),
            new Route("GET", "/jobs/{jobId}/lineage", "GetJobLineage", null, null),
            new Route("GET", "/lineage", "FindLineage", null, null),
            new Route("GET", "/reviews", "ListReviews", null, null),
            new Route("POST", "/reviews/{reviewId}", "DecideReview", ContractSchema.REVIEW_DECISION_REQUEST, null),
            new Route("GET", "/health", "Health", null, "the liveness probe; it returns no data"));

    private ApiRoutes() {
    }
}
