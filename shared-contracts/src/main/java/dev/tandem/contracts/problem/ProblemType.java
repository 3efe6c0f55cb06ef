package dev.tandem.contracts.problem;

import java.net.URI;

/**
 * The closed set of problem types Tandem answers with. Each has a stable URI (documented in the
 * README's API section), a fixed title and the HTTP status it maps to, so clients can switch on
 * {@code type} instead of parsing {@code detail}.
 */
public enum ProblemType {
    MALFORMED_JSON("malformed-json", "Request body is not valid JSON", 400),
    VALIDATION("validation", "Request body does not match the contract", 400),
    INVALID_PARAMETER("invalid-parameter", "A path or query parameter is invalid", 400),
    UNAUTHENTICATED("unauthenticated", "Authentication required", 401),
    FORBIDDEN("forbidden", "Not allowed for this caller", 403),
    NOT_FOUND("not-found", "Resource not found", 404),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
    CONFLICT("conflict", "Conflict with the current state", 409),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", "Idempotency-Key reused with another body", 409),
    IDEMPOTENCY_IN_FLIGHT("idempotency-in-flight", "A request with this Idempotency-Key is in progress", 409),
    PAYLOAD_TOO_LARGE("payload-too-large", "Request body too large", 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported content type", 415),
    PIPELINE_HALTED("pipeline-halted", "Pipeline halted by its kill switch", 503),
    INTERNAL("internal", "Internal error", 500);

    /** Problem type URIs are identifiers, not necessarily resolvable pages. */
    public static final String BASE = "https://tandem.dev/problems/";

    private final URI uri;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, int status) {
        this.uri = URI.create(BASE + slug);
        this.title = title;
        this.status = status;
    }

    public URI uri() {
        return uri;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }
}
