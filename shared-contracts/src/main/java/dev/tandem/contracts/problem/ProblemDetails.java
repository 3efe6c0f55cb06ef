package dev.tandem.contracts.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * RFC 9457 problem details, the body of every Tandem error response
 * ({@code Content-Type: application/problem+json}).
 *
 * @param type     identifies the kind of problem; see {@link ProblemType}
 * @param title    short, fixed summary of the type
 * @param status   the HTTP status code
 * @param detail   what went wrong in this occurrence and how to fix it
 * @param instance the request path or a reference to the occurrence
 * @param errors   field errors (JSON pointers) for validation problems; empty otherwise
 */
public record ProblemDetails(
        URI type,
        String title,
        int status,
        String detail,
        String instance,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public ProblemDetails {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(detail, "detail");
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("problem status must be 4xx or 5xx, was " + status);
        }
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static ProblemDetails of(ProblemType type, String detail) {
        return new ProblemDetails(type.uri(), type.title(), type.status(), detail, null, List.of());
    }

    public static ProblemDetails of(ProblemType type, String detail, List<FieldError> errors) {
        return new ProblemDetails(type.uri(), type.title(), type.status(), detail, null, errors);
    }

    public ProblemDetails withInstance(String newInstance) {
        return new ProblemDetails(type, title, status, detail, newInstance, errors);
    }
}
