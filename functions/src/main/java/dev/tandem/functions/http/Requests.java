package dev.tandem.functions.http;

import dev.tandem.contracts.problem.ProblemType;

/** Checks every API request makes before looking at its content. */
public final class Requests {

    private Requests() {
    }

    /** 401 without an identity, 403 without one of the roles (operators pass every check). */
    public static Caller requireRole(ApiRequest request, Role... roles) {
        Caller caller = request.caller();
        if (caller == null) {
            throw ApiException.of(ProblemType.UNAUTHENTICATED,
                    "Send a valid bearer token in the Authorization header.", java.util.Map.of("WWW-Authenticate", "Bearer"));
        }
        if (!caller.hasAny(roles)) {
            throw ApiException.of(ProblemType.FORBIDDEN, "This operation needs the role "
                    + String.join(" or ", java.util.Arrays.stream(roles).map(Role::groupName).toList())
                    + "; ask an administrator to add you to that group.");
        }
        return caller;
    }

    /**
     * The {@code limit} query parameter of a paged route: {@code defaultLimit} when absent, a 400 naming it unless it is
     * a whole number from 1 to {@code maxLimit}.
     */
    public static int pageLimit(ApiRequest request, int defaultLimit, int maxLimit) {
        String raw = request.queryParameters().get("limit");
        if (raw == null) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(raw);
            if (limit >= 1 && limit <= maxLimit) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.invalidParameter("/queryStringParameters/limit", "limit must be a whole number from 1 to " + maxLimit);
    }

    /** A period of time, both ends included. */
    public record Period(java.time.Instant from, java.time.Instant to) {
    }

    /**
     * The {@code from} and {@code to} query parameters (ISO-8601 instants, both included): by default the
     * {@code defaultPeriod} up to now; a 400 naming the parameter when one is not an instant, {@code from} is after
     * {@code to}, or the period is longer than {@code maxPeriod}.
     */
    public static Period period(ApiRequest request, java.time.Instant now, java.time.Duration defaultPeriod, java.time.Duration maxPeriod) {
        String rawTo = request.queryParameters().get("to");
        String rawFrom = request.queryParameters().get("from");
        java.time.Instant to = rawTo == null ? now : instant(rawTo, "to");
        java.time.Instant from = rawFrom == null ? to.minus(defaultPeriod) : instant(rawFrom, "from");
        if (from.isAfter(to)) {
            throw ApiException.invalidParameter("/queryStringParameters/from", "from must not be after to (" + to + ")");
        }
        if (java.time.Duration.between(from, to).compareTo(maxPeriod) > 0) {
            throw ApiException.invalidParameter("/queryStringParameters/from",
                    "the period from " + from + " to " + to + " is longer than " + maxPeriod.toDays() + " days; narrow it");
        }
        return new Period(from, to);
    }

    private static java.time.Instant instant(String raw, String name) {
        try {
            return java.time.Instant.parse(raw);
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiException.invalidParameter("/queryStringParameters/" + name,
                    name + " must be an ISO-8601 instant in UTC, such as 2026-12-01T09:30:00Z");
        }
    }

    /**
     * 415 unless the body is JSON in UTF-8 (a {@code charset} other than utf-8 is refused, not reinterpreted) and sent
     * without a {@code Content-Encoding}; 413 when it is larger than {@code maxBytes}.
     */
    public static void requireJsonBody(ApiRequest request, int maxBytes) {
        String mediaType = request.mediaType();
        if (mediaType == null || !(mediaType.equals("application/json") || mediaType.endsWith("+json"))) {
            throw ApiException.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json"
                    + (mediaType == null ? " (no Content-Type header was sent)." : ", not " + mediaType + "."));
        }
        String charset = request.charset();
        if (charset != null && !charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
            throw ApiException.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send the body in UTF-8 (Content-Type: application/json or "
                    + "application/json; charset=utf-8), not charset=" + charset + "; nothing was stored.");
        }
        String encoding = request.header("Content-Encoding");
        if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            throw ApiException.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Content-Encoding " + encoding.trim()
                    + " is not supported; send the body uncompressed (at most " + maxBytes + " bytes); nothing was stored.");
        }
        requireAtMost(request.body(), maxBytes, "The body");
    }

    /** A body of at most {@code maxBytes} ({@code what} names it in the 413's detail), whichever front received it. */
    public static void requireAtMost(byte[] body, int maxBytes, String what) {
        if (body.length > maxBytes) {
            throw ApiException.of(ProblemType.PAYLOAD_TOO_LARGE, what + " is " + body.length + " bytes; the limit is " + maxBytes
                    + " bytes (document text at most 1 MiB).");
        }
    }
}
