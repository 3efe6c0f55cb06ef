package dev.tandem.functions.http;

import dev.tandem.contracts.problem.FieldError;
import dev.tandem.contracts.problem.ProblemDetails;
import dev.tandem.contracts.problem.ProblemType;
import java.util.List;
import java.util.Map;

/**
 * A request the API refuses, with the problem to answer and any headers (e.g. {@code Retry-After}).
 * Thrown by the logic, mapped to a response once by {@link ApiBoundary}.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient ProblemDetails problem;
    private final transient Map<String, String> headers;
    /** Machine-readable reason, the dimension of the rejection metric. */
    private final String reason;

    private ApiException(ProblemDetails problem, Map<String, String> headers, String reason) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = Map.copyOf(headers);
        this.reason = reason;
    }

    public static ApiException of(ProblemType type, String detail) {
        return new ApiException(ProblemDetails.of(type, detail), Map.of(), type.name());
    }

    public static ApiException of(ProblemType type, String detail, Map<String, String> headers) {
        return new ApiException(ProblemDetails.of(type, detail), headers, type.name());
    }

    public static ApiException invalidParameter(String pointer, String message) {
        return new ApiException(ProblemDetails.of(ProblemType.INVALID_PARAMETER, message,
                List.of(new FieldError(pointer, message))), Map.of(), ProblemType.INVALID_PARAMETER.name());
    }

    public static ApiException of(ProblemDetails problem) {
        return new ApiException(problem, Map.of(), reasonOf(problem));
    }

    private static String reasonOf(ProblemDetails problem) {
        for (ProblemType t : ProblemType.values()) {
            if (t.uri().equals(problem.type())) {
                return t.name();
            }
        }
        return "OTHER";
    }

    public ProblemDetails problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public String reason() {
        return reason;
    }
}
