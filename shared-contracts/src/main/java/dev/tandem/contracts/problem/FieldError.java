package dev.tandem.contracts.problem;

import java.util.Objects;

/**
 * One thing wrong with a request body.
 *
 * @param pointer RFC 6901 JSON pointer to the offending value ({@code ""} for the whole body)
 * @param message what is wrong and what to send instead
 */
public record FieldError(String pointer, String message) {
    public FieldError {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(message, "message");
    }
}
