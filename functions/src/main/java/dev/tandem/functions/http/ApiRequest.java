package dev.tandem.functions.http;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An API request as the logic sees it, independent of Lambda types.
 *
 * @param headers     case-insensitive
 * @param body        raw body bytes (already base64-decoded); empty array when there is none
 * @param caller      null when unauthenticated
 * @param traceHeader the X-Ray trace header of this invocation, to continue in the workflow; may be null
 */
public record ApiRequest(
        String method,
        String path,
        Map<String, String> pathParameters,
        Map<String, String> queryParameters,
        Map<String, String> headers,
        byte[] body,
        Caller caller,
        String requestId,
        String traceHeader) {

    public ApiRequest {
        pathParameters = pathParameters == null ? Map.of() : Map.copyOf(pathParameters);
        queryParameters = queryParameters == null ? Map.of() : Map.copyOf(queryParameters);
        TreeMap<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            h.putAll(headers);
        }
        headers = java.util.Collections.unmodifiableMap(h);
        body = body == null ? new byte[0] : body;
    }

    public String header(String name) {
        return headers.get(name);
    }

    /** The media type of the body without parameters, lower case; null when absent. */
    public String mediaType() {
        String contentType = header("Content-Type");
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** The {@code charset} parameter of the Content-Type, unquoted; null when absent. */
    public String charset() {
        String contentType = header("Content-Type");
        if (contentType == null) {
            return null;
        }
        for (String parameter : contentType.split(";")) {
            String[] kv = parameter.trim().split("=", 2);
            if (kv.length == 2 && kv[0].trim().equalsIgnoreCase("charset")) {
                return kv[1].trim().replace("\"", "");
            }
        }
        return null;
    }

    /** The client's correlation id, if it sent one that is safe to echo and log. */
    public String correlationId() {
        String value = header("X-Correlation-Id");
        return value != null && value.matches("[A-Za-z0-9._:-]{1,128}") ? value : null;
    }
}
