package dev.tandem.local.lambda;

import java.nio.charset.StandardCharsets;

/**
 * What an Invoke returns: the function's response payload, or its error payload
 * ({@code {"errorType":..., "errorMessage":...}}) with {@code functionError} set, as Lambda's
 * {@code X-Amz-Function-Error} header says.
 */
public record Invocation(byte[] payload, String functionError) {

    public boolean failed() {
        return functionError != null;
    }

    public String payloadText() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
